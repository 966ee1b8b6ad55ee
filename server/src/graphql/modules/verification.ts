/** Verification for the dashboard: challenges, verifying presentations and credentials, saved policies. */
import type { AuditActor } from '../../domain/audit/audit-actor.js'
import { issueChallenge } from '../../domain/verification/challenges.js'
import { getPresentationPolicy, listPresentationPolicies, savePresentationPolicy } from '../../domain/verification/presentation-policies.js'
import { finalizePresentation, recordCredentialVerification } from '../../domain/verification/record-verification.js'
import type { VerificationReport } from '../../domain/verification/report.js'
import { anyStaff, PUBLIC, staffWith } from '../access.js'
import type { GraphQLContext } from '../context.js'
import type { GraphQLModule } from './module.js'

function actorOf(ctx: GraphQLContext): { actor: AuditActor; orgId: string | null } {
  return ctx.staff ? { actor: { actorType: 'STAFF', actor: ctx.staff.accountId }, orgId: ctx.staff.orgId } : { actor: { actorType: 'ANONYMOUS', actor: `ip:${ctx.ip}` }, orgId: null }
}

export const verificationModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    type VerificationCheck {
      check: String!
      passed: Boolean!
      code: String
      message: String
      credentialId: String
    }
    type VerifiedCredential {
      id: String
      types: [String!]!
      issuer: String
      subject: String
      "Canonical JSON of the credential's claims."
      claims: String!
      issuanceDate: String
      expirationDate: String
      verified: Boolean!
      checks: [VerificationCheck!]!
    }
    type VerificationReport {
      verified: Boolean!
      holder: String
      checks: [VerificationCheck!]!
      credentials: [VerifiedCredential!]!
    }
    type PresentationChallenge {
      challenge: String!
      domain: String!
      expiresAt: String!
      policy: String
    }
    type PresentationPolicy {
      id: ID!
      name: String!
      "The DIF Presentation Exchange v2 definition, as JSON."
      definition: String!
      updatedAt: String!
    }
    extend type Query {
      presentationPolicies: [PresentationPolicy!]!
    }
    extend type Mutation {
      "A fresh single-use challenge for a presentation to this server (bound to your organisation and a policy when signed in)."
      createPresentationChallenge(domain: String!, policy: String): PresentationChallenge!
      "Verifies a presentation (compact JWT) made for one of our challenges; with policy, against your saved policy."
      verifyPresentation(presentation: String!, challenge: String!, domain: String!, policy: String): VerificationReport!
      verifyCredential(credential: String!): VerificationReport!
      savePresentationPolicy(name: String!, definition: String!): PresentationPolicy!
    }
  `,
  access: {
    'Query.presentationPolicies': anyStaff,
    'Mutation.createPresentationChallenge': PUBLIC,
    'Mutation.verifyPresentation': PUBLIC,
    'Mutation.verifyCredential': PUBLIC,
    'Mutation.savePresentationPolicy': staffWith('HOSPITAL_ADMIN', 'HR'),
  },
  resolvers: {
    Query: {
      presentationPolicies: async (_r, _a, ctx: GraphQLContext) => (await listPresentationPolicies(ctx.platform.db, ctx.staff!.orgId)).map(toPolicy),
    },
    Mutation: {
      createPresentationChallenge: async (_r, args: { domain: string; policy?: string | null }, ctx: GraphQLContext) => {
        const c = await issueChallenge(ctx.platform.db, { domain: args.domain, ...(ctx.staff ? { orgId: ctx.staff.orgId } : {}), ...(args.policy ? { purpose: args.policy } : {}) })
        return { ...c, expiresAt: c.expiresAt.toISOString(), policy: args.policy ?? null }
      },
      verifyPresentation: async (_r, args: { presentation: string; challenge: string; domain: string; policy?: string | null }, ctx: GraphQLContext) => {
        const policy = args.policy && ctx.staff ? await getPresentationPolicy(ctx.platform.db, { orgId: ctx.staff.orgId, name: args.policy }) : undefined
        const outcome = await ctx.platform.verifier.verifyPresentation(args.presentation, { challenge: args.challenge, domain: args.domain, ...(policy ? { policy } : {}) })
        return toReport(await finalizePresentation(ctx.platform.db, outcome, actorOf(ctx)))
      },
      verifyCredential: async (_r, args: { credential: string }, ctx: GraphQLContext) =>
        toReport(await recordCredentialVerification(ctx.platform.db, await ctx.platform.verifier.verifyCredential(args.credential), actorOf(ctx))),
      savePresentationPolicy: async (_r, args: { name: string; definition: string }, ctx: GraphQLContext) => {
        let definition: unknown
        try {
          definition = JSON.parse(args.definition)
        } catch {
          definition = undefined
        }
        return toPolicy(await savePresentationPolicy(ctx.platform.db, { orgId: ctx.staff!.orgId, accountId: ctx.staff!.accountId, name: args.name, definition }))
      },
    },
  },
}

export function toReport(report: VerificationReport) {
  return { ...report, holder: report.holder ?? null, credentials: report.credentials.map((c) => ({ ...c, claims: JSON.stringify(c.claims) })) }
}

function toPolicy(row: { id: string; name: string; definition: string; updatedAt: Date }) {
  return { ...row, updatedAt: row.updatedAt.toISOString() }
}
