/** The hiring dashboard's API (candidates, presentation requests, monitoring) and the holder's pickup. */
import { createCandidate, getCandidate, getPresentationRequest, listCandidates, readStoredOutcome, rejectCandidate, renewCandidateRequest, requestUrl, submitPresentation, verifierDomain } from '../../domain/hiring/candidates.js'
import { hireCandidate } from '../../domain/hiring/hire-candidate.js'
import { authenticateHolder } from '../../domain/holders/authenticate-holder.js'
import { listHolderCredentials } from '../../domain/holders/list-holder-credentials.js'
import { recheckStaff } from '../../domain/monitoring/recheck-staff.js'
import { PUBLIC, staffWith } from '../access.js'
import type { GraphQLContext } from '../context.js'
import { staffCaller } from './credentials.js'
import type { GraphQLModule } from './module.js'
import { toReport } from './verification.js'

const HIRING = staffWith('HR', 'HOSPITAL_ADMIN')

export const hiringModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    type Candidate {
      id: ID!
      name: String!
      email: String
      "INVITED | VERIFIED | FAILED | HIRING (a hire in progress) | HIRED | REJECTED"
      stage: String!
      holderDid: String
      policyName: String!
      "The link (and QR code content) the candidate opens in their wallet."
      requestUrl: String!
      challenge: String!
      domain: String!
      expiresAt: String!
      report: VerificationReport
      verifiedAt: String
      hiredAt: String
      privilegeCredentialId: String
      createdAt: String!
    }
    type PresentationRequest {
      id: ID!
      organizationName: String!
      organizationDid: String!
      purpose: String!
      challenge: String!
      domain: String!
      expiresAt: String!
      "The presentation definition (PEX v2) as JSON."
      definition: String!
      "OPEN | EXPIRED | ANSWERED"
      status: String!
    }
    type SubmissionResult {
      verified: Boolean!
      message: String!
    }
    type MonitoredClinician {
      id: ID!
      name: String!
      holderDid: String!
      "OK | EXPIRING | SUSPENDED | REVOKED | EXPIRED | UNVERIFIABLE"
      licenseState: String!
      licenseExpiresAt: String
      privilegeState: String
      privilegeExpiresAt: String
      lastCheckedAt: String
      licenseNumber: String
      jurisdiction: String
    }
    type HolderCredential {
      id: ID!
      type: String!
      issuerDid: String!
      issuerName: String!
      jwt: String!
      status: String!
      issuedAt: String!
      validUntil: String
    }
    extend type Query {
      candidates(stage: String): [Candidate!]!
      candidate(id: ID!): Candidate!
      "Public: what a hospital asks a candidate's wallet to present."
      presentationRequest(id: ID!): PresentationRequest!
      monitoredStaff: [MonitoredClinician!]!
    }
    extend type Mutation {
      createCandidate(name: String!, email: String, policy: String): Candidate!
      renewCandidateRequest(id: ID!): Candidate!
      hireCandidate(id: ID!, role: String!, department: String!, recordCategories: [String!]!, validUntil: String!): Candidate!
      rejectCandidate(id: ID!, reason: String!): Candidate!
      "Public: the candidate's wallet answers a presentation request."
      submitPresentation(requestId: ID!, presentation: String!): SubmissionResult!
      "Re-verifies every monitored clinician now (also runs periodically)."
      recheckStaff: [MonitoredClinician!]!
      "Public: a holder proves control of their DID (a signed JWT with one of our challenges) and receives the credentials issued to it."
      fetchMyCredentials(proof: String!): [HolderCredential!]!
    }
  `,
  access: {
    'Query.candidates': HIRING,
    'Query.candidate': HIRING,
    'Query.presentationRequest': PUBLIC,
    'Query.monitoredStaff': staffWith('HR', 'HOSPITAL_ADMIN', 'PRIVACY_OFFICER'),
    'Mutation.createCandidate': HIRING,
    'Mutation.renewCandidateRequest': HIRING,
    'Mutation.hireCandidate': HIRING,
    'Mutation.rejectCandidate': HIRING,
    'Mutation.submitPresentation': PUBLIC,
    'Mutation.recheckStaff': staffWith('HR', 'HOSPITAL_ADMIN', 'PRIVACY_OFFICER'),
    'Mutation.fetchMyCredentials': PUBLIC,
  },
  resolvers: {
    Query: {
      candidates: async (_r, args: { stage?: string | null }, ctx: GraphQLContext) =>
        (await listCandidates(ctx.platform.db, { orgId: ctx.staff!.orgId, ...(args.stage ? { stage: args.stage } : {}) })).map((c) => toCandidate(c, ctx)),
      candidate: async (_r, args: { id: string }, ctx: GraphQLContext) => toCandidate(await getCandidate(ctx.platform.db, { orgId: ctx.staff!.orgId, id: args.id }), ctx),
      presentationRequest: async (_r, args: { id: string }, ctx: GraphQLContext) => {
        const request = await getPresentationRequest(ctx.platform, args.id)
        return { ...request, expiresAt: request.expiresAt.toISOString() }
      },
      monitoredStaff: async (_r, _a, ctx: GraphQLContext) => (await ctx.platform.db.monitoredClinician.findMany({ where: { orgId: ctx.staff!.orgId }, orderBy: { name: 'asc' } })).map(toMonitored),
    },
    Mutation: {
      createCandidate: async (_r, args: { name: string; email?: string | null; policy?: string | null }, ctx: GraphQLContext) =>
        toCandidate(
          await createCandidate(ctx.platform, {
            orgId: ctx.staff!.orgId,
            actor: { actorType: 'STAFF', actor: ctx.staff!.accountId },
            input: { name: args.name, ...(args.email ? { email: args.email } : {}), ...(args.policy ? { policy: args.policy } : {}) },
          }),
          ctx,
        ),
      renewCandidateRequest: async (_r, args: { id: string }, ctx: GraphQLContext) =>
        toCandidate(await renewCandidateRequest(ctx.platform, { orgId: ctx.staff!.orgId, actor: { actorType: 'STAFF', actor: ctx.staff!.accountId }, candidateId: args.id }), ctx),
      hireCandidate: async (_r, args: { id: string; role: string; department: string; recordCategories: string[]; validUntil: string }, ctx: GraphQLContext) =>
        toCandidate(await hireCandidate(ctx.platform, { caller: staffCaller(ctx), candidateId: args.id, input: { role: args.role, department: args.department, recordCategories: args.recordCategories as never, validUntil: args.validUntil } }), ctx),
      rejectCandidate: async (_r, args: { id: string; reason: string }, ctx: GraphQLContext) =>
        toCandidate(await rejectCandidate(ctx.platform, { orgId: ctx.staff!.orgId, actor: { actorType: 'STAFF', actor: ctx.staff!.accountId }, candidateId: args.id, reason: args.reason }), ctx),
      submitPresentation: (_r, args: { requestId: string; presentation: string }, ctx: GraphQLContext) => submitPresentation(ctx.platform, { ...args, ip: ctx.ip }),
      recheckStaff: async (_r, _a, ctx: GraphQLContext) => (await recheckStaff(ctx.platform, { orgId: ctx.staff!.orgId })).map(toMonitored),
      fetchMyCredentials: async (_r, args: { proof: string }, ctx: GraphQLContext) => {
        const { did } = await authenticateHolder(ctx.platform, { proof: args.proof, domain: verifierDomain(ctx.platform.config.publicUrl), action: 'holder.pickup' })
        return (await listHolderCredentials(ctx.platform.db, did)).map((c) => ({ ...c, issuedAt: c.issuedAt.toISOString(), validUntil: c.validUntil?.toISOString() ?? null }))
      },
    },
  },
}

function toCandidate(c: Awaited<ReturnType<typeof getCandidate>>, ctx: GraphQLContext) {
  const outcome = readStoredOutcome(c)
  return {
    ...c,
    requestUrl: requestUrl(ctx.platform.config.publicUrl, c.id),
    expiresAt: c.expiresAt.toISOString(),
    createdAt: c.createdAt.toISOString(),
    verifiedAt: c.verifiedAt?.toISOString() ?? null,
    hiredAt: c.hiredAt?.toISOString() ?? null,
    report: outcome ? toReport(outcome.report) : null,
  }
}

function toMonitored(m: { licenseJwt: string; licenseExpiresAt: Date | null; privilegeExpiresAt: Date | null; lastCheckedAt: Date | null } & Record<string, unknown>) {
  let claims: { licenseNumber?: string; jurisdiction?: string } = {}
  try {
    claims = (JSON.parse(Buffer.from(m.licenseJwt.split('.')[1]!, 'base64url').toString()) as { vc?: { credentialSubject?: typeof claims } }).vc?.credentialSubject ?? {}
  } catch {
    claims = {}
  }
  return {
    ...m,
    licenseExpiresAt: m.licenseExpiresAt?.toISOString() ?? null,
    privilegeExpiresAt: m.privilegeExpiresAt?.toISOString() ?? null,
    lastCheckedAt: m.lastCheckedAt?.toISOString() ?? null,
    licenseNumber: claims.licenseNumber ?? null,
    jurisdiction: claims.jurisdiction ?? null,
  }
}
