/**
 * Patients: sign in by presenting their PatientIdentityCredential, grant consent (their signed
 * PatientConsentCredential), revoke it or request erasure with a signed request, list consents, read their own
 * records and see who accessed them (break-glass included). Every field but sign-in runs behind the `patient`
 * rule, which re-checks the session first.
 */
import { grantConsent } from '../../domain/consent/grant-consent.js'
import { listPatientConsents } from '../../domain/consent/list-consents.js'
import { consentStatus, parseCategories } from '../../domain/consent/consent-policy.js'
import { revokeConsent } from '../../domain/consent/revoke-consent.js'
import { signOutDidSession } from '../../domain/did-sessions/sign-out.js'
import { signInPatient } from '../../domain/patients/sign-in-patient.js'
import { erasePatientRecords } from '../../domain/records/erase-patient-records.js'
import { listPatientAccessLog } from '../../domain/records/patient-access-log.js'
import { readRecordsAsPatient } from '../../domain/records/read-records.js'
import type { VerifiedPatient } from '../../domain/did-sessions/session-types.js'
import { patientSession, PUBLIC } from '../access.js'
import type { GraphQLContext } from '../context.js'
import type { GraphQLModule } from './module.js'
import { toConsent, toErasure, toRecords } from './records-access.js'

export const patientModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    type PatientSessionInfo {
      did: String!
      patientId: ID!
      hospitalId: ID!
      hospitalDid: String!
      expiresAt: String!
      erased: Boolean!
    }
    type PatientSignIn {
      "Send it as Authorization: Bearer <token> with every patient request. Shown once."
      token: String!
      session: PatientSessionInfo!
    }
    type AccessLogEntry {
      at: String!
      "records.read | records.break_glass | records.write | records.erase"
      action: String!
      "GRANTED | DENIED | DONE"
      decision: String!
      reasonCode: String
      actorType: String!
      "A clinician's DID, a staff account id, or your own DID."
      actor: String!
      actorName: String
      "CONSENT | BREAK_GLASS | SELF"
      basis: [String!]!
      categories: [String!]!
      consentIds: [ID!]!
      breakGlassId: ID
      "The reason the clinician stated for break-glass access."
      breakGlassReason: String
    }
    extend type Query {
      patientSession: PatientSessionInfo!
      myConsents: [Consent!]!
      "Who accessed your records, when, and under which consent or break-glass (newest first)."
      myAccessLog(limit: Int): [AccessLogEntry!]!
      myRecords(categories: [String!]): PatientRecords!
    }
    extend type Mutation {
      "Signs in with a presentation (compact JWT) of your PatientIdentityCredential for a PATIENT_SIGN_IN challenge."
      signInPatient(challenge: String!, presentation: String!): PatientSignIn!
      signOutPatient: Boolean!
      "Submits the PatientConsentCredential (compact JWT) your wallet signed."
      grantConsent(consent: String!): Consent!
      "A signed request (action consent.revoke, target = the consent id) for a PATIENT_REQUEST challenge."
      revokeConsent(request: String!): Consent!
      "A signed request (action records.erase, target = your patient id) for a PATIENT_REQUEST challenge."
      requestErasure(request: String!): ErasureResult!
    }
  `,
  access: {
    'Query.patientSession': patientSession,
    'Query.myConsents': patientSession,
    'Query.myAccessLog': patientSession,
    'Query.myRecords': patientSession,
    'Mutation.signInPatient': PUBLIC,
    'Mutation.signOutPatient': patientSession,
    'Mutation.grantConsent': patientSession,
    'Mutation.revokeConsent': patientSession,
    'Mutation.requestErasure': patientSession,
  },
  resolvers: {
    Query: {
      patientSession: async (_r, _a, ctx: GraphQLContext) => {
        const p = await ctx.patient('Query.patientSession')
        const row = await ctx.platform.db.patient.findUnique({ where: { id: p.patientId }, select: { erasedAt: true } })
        return toSessionInfo(p, Boolean(row?.erasedAt))
      },
      myConsents: async (_r, _a, ctx: GraphQLContext) => {
        const p = await ctx.patient('Query.myConsents')
        return (await listPatientConsents(ctx.platform.db, { patientId: p.patientId, orgId: p.orgId })).map(toConsent)
      },
      myAccessLog: async (_r, args: { limit?: number | null }, ctx: GraphQLContext) => {
        const p = await ctx.patient('Query.myAccessLog')
        const entries = await listPatientAccessLog(ctx.platform.db, { patientId: p.patientId, orgId: p.orgId, ...(args.limit ? { limit: args.limit } : {}) })
        return entries.map((e) => ({ ...e, at: e.at.toISOString() }))
      },
      myRecords: async (_r, args: { categories?: string[] | null }, ctx: GraphQLContext) =>
        toRecords(await readRecordsAsPatient(ctx.platform, { patient: await ctx.patient('Query.myRecords'), categories: args.categories })),
    },
    Mutation: {
      signInPatient: async (_r, args: { challenge: string; presentation: string }, ctx: GraphQLContext) => {
        const { token, patient } = await signInPatient(ctx.platform, { challenge: args.challenge, presentation: args.presentation, ip: ctx.ip })
        const row = await ctx.platform.db.patient.findUnique({ where: { id: patient.patientId }, select: { erasedAt: true } })
        return { token, session: toSessionInfo(patient, Boolean(row?.erasedAt)) }
      },
      signOutPatient: async (_r, _a, ctx: GraphQLContext) => {
        const p = await ctx.patient('Mutation.signOutPatient')
        await signOutDidSession(ctx.platform.db, { sessionId: p.sessionId, did: p.did, orgId: p.orgId, action: 'patient.sign_out' })
        return true
      },
      grantConsent: async (_r, args: { consent: string }, ctx: GraphQLContext) => toStoredConsent(await grantConsent(ctx.platform, { patient: await ctx.patient('Mutation.grantConsent'), consent: args.consent })),
      revokeConsent: async (_r, args: { request: string }, ctx: GraphQLContext) => toStoredConsent(await revokeConsent(ctx.platform, { patient: await ctx.patient('Mutation.revokeConsent'), request: args.request })),
      requestErasure: async (_r, args: { request: string }, ctx: GraphQLContext) =>
        toErasure(await erasePatientRecords(ctx.platform, { request: args.request, by: { kind: 'patient', patient: await ctx.patient('Mutation.requestErasure') } })),
    },
  },
}

function toSessionInfo(p: VerifiedPatient, erased: boolean) {
  return { did: p.did, patientId: p.patientId, hospitalId: p.orgId, hospitalDid: p.hospitalDid, expiresAt: p.expiresAt.toISOString(), erased }
}

function toStoredConsent(c: { id: string; granteeDid: string; categories: string; purpose: string; validFrom: Date; validUntil: Date; revokedAt: Date | null; revokedReason: string | null }) {
  return toConsent({ ...c, categories: parseCategories(c.categories), status: consentStatus(c, new Date()) })
}
