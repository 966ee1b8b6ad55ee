/** Issuance, status changes and the issuer's register, for board, trust-anchor and hospital staff. */
import { createApiToken, revokeApiToken } from '../../domain/accounts/api-tokens.js'
import { changeCredentialStatus, type StatusAction } from '../../domain/credentials/change-credential-status.js'
import type { CredentialType } from '../../domain/credentials/credential-types.js'
import { issueCredential } from '../../domain/credentials/issue-credential.js'
import type { OrgCaller } from '../../domain/credentials/issuer-permissions.js'
import { getIssuedCredential, searchIssuedCredentials } from '../../domain/credentials/query-credentials.js'
import { rotateOrganizationKey } from '../../domain/organizations/rotate-organization-key.js'
import { AppError } from '../../errors.js'
import { staffWith } from '../access.js'
import type { GraphQLContext } from '../context.js'
import type { GraphQLModule } from './module.js'

const ISSUERS = staffWith('BOARD_ADMIN', 'TRUST_ADMIN', 'HR', 'HOSPITAL_ADMIN')

export function staffCaller(ctx: GraphQLContext): OrgCaller {
  const s = ctx.staff!
  return { kind: 'staff', orgId: s.orgId, accountId: s.accountId, roles: s.roles }
}

export const credentialsModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    type CredentialStatusEvent {
      action: String!
      reason: String
      actor: String!
      at: String!
    }
    type IssuedCredential {
      id: ID!
      type: String!
      issuerDid: String!
      subjectDid: String!
      "Canonical JSON of the credential subject's claims."
      claims: String!
      status: String!
      statusReason: String
      issuedAt: String!
      validUntil: String
      supersedesId: String
      supersededById: String
      "The signed credential (compact JWT)."
      jwt: String!
      statusHistory: [CredentialStatusEvent!]!
    }
    type CredentialPage {
      total: Int!
      items: [IssuedCredential!]!
    }
    input LicenseInput {
      subjectDid: String!
      name: String!
      licenseType: String!
      licenseNumber: String!
      jurisdiction: String!
      specialty: String!
      npi: String!
      validFrom: String
      validUntil: String!
    }
    input AccreditationInput {
      subjectDid: String!
      name: String!
      licenseTypes: [String!]!
      jurisdictions: [String!]!
      validUntil: String!
    }
    input StaffPrivilegeInput {
      subjectDid: String!
      name: String!
      role: String!
      department: String!
      recordCategories: [String!]!
      validFrom: String
      validUntil: String!
    }
    input PatientIdentityInput {
      subjectDid: String!
      name: String!
      birthDate: String!
      medicalRecordNumber: String!
      validUntil: String!
    }
    input CredentialSearchInput {
      type: String
      status: String
      subjectDid: String
      text: String
      limit: Int
      offset: Int
    }
    type KeyRotation {
      id: ID!
      reason: String!
      txHash: String!
      reissued: Int!
      createdAt: String!
    }
    type CreatedApiToken {
      id: ID!
      "Shown once: store it now."
      token: String!
      expiresAt: String!
    }
    extend type Query {
      "Credentials your organisation issued."
      issuedCredentials(search: CredentialSearchInput): CredentialPage!
      issuedCredential(id: ID!): IssuedCredential!
    }
    extend type Mutation {
      issueLicense(input: LicenseInput!): IssuedCredential!
      accreditBoard(input: AccreditationInput!): IssuedCredential!
      issueStaffPrivilege(input: StaffPrivilegeInput!): IssuedCredential!
      issuePatientIdentity(input: PatientIdentityInput!): IssuedCredential!
      "action: suspend | reinstate | revoke (final)."
      changeCredentialStatus(id: ID!, action: String!, reason: String!): IssuedCredential!
      createApiToken(name: String!, scopes: [String!]!, expiresInDays: Int): CreatedApiToken!
      "Rotates your organisation's signing key on chain. reason: SCHEDULED (old credentials stay valid) or COMPROMISED (everything signed with the old key is revoked and re-issued)."
      rotateOrganizationKey(reason: String!): KeyRotation!
      revokeApiToken(id: ID!): Boolean!
    }
  `,
  access: {
    'Query.issuedCredentials': ISSUERS,
    'Query.issuedCredential': ISSUERS,
    'Mutation.issueLicense': staffWith('BOARD_ADMIN'),
    'Mutation.accreditBoard': staffWith('TRUST_ADMIN'),
    'Mutation.issueStaffPrivilege': staffWith('HR', 'HOSPITAL_ADMIN'),
    'Mutation.issuePatientIdentity': staffWith('HR', 'HOSPITAL_ADMIN'),
    'Mutation.changeCredentialStatus': ISSUERS,
    'Mutation.createApiToken': staffWith('BOARD_ADMIN', 'TRUST_ADMIN', 'HOSPITAL_ADMIN'),
    'Mutation.revokeApiToken': staffWith('BOARD_ADMIN', 'TRUST_ADMIN', 'HOSPITAL_ADMIN'),
    'Mutation.rotateOrganizationKey': staffWith('BOARD_ADMIN', 'TRUST_ADMIN', 'HOSPITAL_ADMIN'),
  },
  resolvers: {
    IssuedCredential: {
      statusHistory: async (parent: { id: string; statusEvents?: unknown[] }, _a, ctx: GraphQLContext) => {
        const events = (parent.statusEvents as Array<{ at: Date }> | undefined) ??
          (await ctx.platform.db.credentialStatusEvent.findMany({ where: { credentialId: parent.id }, orderBy: { at: 'asc' } }))
        return events.map((e) => ({ ...e, at: e.at.toISOString() }))
      },
    },
    Query: {
      issuedCredentials: async (_r, args: { search?: Record<string, unknown> | null }, ctx: GraphQLContext) => {
        const page = await searchIssuedCredentials(ctx.platform.db, { orgId: ctx.staff!.orgId, search: (args.search ?? {}) as never })
        return { total: page.total, items: page.items.map(toCredential) }
      },
      issuedCredential: async (_r, args: { id: string }, ctx: GraphQLContext) => toCredential(await getIssuedCredential(ctx.platform.db, { orgId: ctx.staff!.orgId, id: args.id })),
    },
    Mutation: {
      issueLicense: (_r, { input }: { input: Record<string, string> }, ctx: GraphQLContext) => {
        const { subjectDid, validFrom, validUntil, ...claims } = input
        return issue(ctx, 'ClinicianLicenseCredential', subjectDid!, claims, validFrom, validUntil)
      },
      accreditBoard: (_r, { input }: { input: Record<string, unknown> }, ctx: GraphQLContext) => {
        const { subjectDid, validUntil, ...claims } = input
        return issue(ctx, 'AccreditationCredential', subjectDid as string, claims, undefined, validUntil as string)
      },
      issueStaffPrivilege: (_r, { input }: { input: Record<string, unknown> }, ctx: GraphQLContext) => {
        const { subjectDid, validFrom, validUntil, ...claims } = input
        return issue(ctx, 'StaffPrivilegeCredential', subjectDid as string, claims, validFrom as string | undefined, validUntil as string)
      },
      issuePatientIdentity: (_r, { input }: { input: Record<string, unknown> }, ctx: GraphQLContext) => {
        const { subjectDid, validUntil, ...claims } = input
        return issue(ctx, 'PatientIdentityCredential', subjectDid as string, claims, undefined, validUntil as string)
      },
      changeCredentialStatus: async (_r, args: { id: string; action: string; reason: string }, ctx: GraphQLContext) => {
        await changeCredentialStatus(ctx.platform.db, { caller: staffCaller(ctx), input: { credentialId: args.id, action: args.action as StatusAction, reason: args.reason } })
        return toCredential(await getIssuedCredential(ctx.platform.db, { orgId: ctx.staff!.orgId, id: args.id }))
      },
      createApiToken: async (_r, args: { name: string; scopes: string[]; expiresInDays?: number | null }, ctx: GraphQLContext) => {
        const created = await createApiToken(ctx.platform.db, {
          orgId: ctx.staff!.orgId,
          accountId: ctx.staff!.accountId,
          input: { name: args.name, scopes: args.scopes as never, ...(args.expiresInDays ? { expiresInDays: args.expiresInDays } : {}) },
        })
        return { ...created, expiresAt: created.expiresAt.toISOString() }
      },
      rotateOrganizationKey: async (_r, args: { reason: string }, ctx: GraphQLContext) => {
        if (args.reason !== 'SCHEDULED' && args.reason !== 'COMPROMISED') {
          throw new AppError('VALIDATION_FAILED', 'reason must be SCHEDULED or COMPROMISED', { fields: [{ field: 'reason', message: 'must be SCHEDULED or COMPROMISED' }] })
        }
        const rotation = await rotateOrganizationKey(ctx.platform, { orgId: ctx.staff!.orgId, actor: { actorType: 'STAFF', actor: ctx.staff!.accountId }, reason: args.reason })
        return { ...rotation, createdAt: rotation.createdAt.toISOString() }
      },
      revokeApiToken: async (_r, args: { id: string }, ctx: GraphQLContext) => {
        await revokeApiToken(ctx.platform.db, { orgId: ctx.staff!.orgId, accountId: ctx.staff!.accountId, tokenId: args.id })
        return true
      },
    },
  },
}

async function issue(ctx: GraphQLContext, type: CredentialType, subjectDid: string, claims: Record<string, unknown>, validFrom: string | undefined | null, validUntil: string | undefined) {
  const issued = await issueCredential(ctx.platform, {
    caller: staffCaller(ctx),
    request: { type, subjectDid, claims: Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== null && v !== undefined)), ...(validFrom ? { validFrom } : {}), validUntil },
  })
  return toCredential(await getIssuedCredential(ctx.platform.db, { orgId: ctx.staff!.orgId, id: issued.id }))
}

function toCredential(row: { issuedAt: Date; validUntil: Date | null } & Record<string, unknown>) {
  return { ...row, issuedAt: row.issuedAt.toISOString(), validUntil: row.validUntil?.toISOString() ?? null }
}
