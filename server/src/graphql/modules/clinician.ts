/**
 * Clinicians: sign in with a presentation (licence + staff privileges), read a patient's records by category
 * (only what consent or an open break-glass window covers), open break-glass, list patients who consented.
 * Every field but sign-in runs behind the `clinician` rule, which re-checks the session's credentials first.
 */
import { signInClinician } from '../../domain/clinician-sessions/sign-in-clinician.js'
import { openBreakGlass } from '../../domain/break-glass/open-break-glass.js'
import { listConsentedPatients } from '../../domain/consent/list-consents.js'
import { signOutDidSession } from '../../domain/did-sessions/sign-out.js'
import type { VerifiedClinician } from '../../domain/did-sessions/session-types.js'
import { readRecordsAsClinician } from '../../domain/records/read-records.js'
import { clinicianSession, PUBLIC } from '../access.js'
import type { GraphQLContext } from '../context.js'
import type { GraphQLModule } from './module.js'
import { toConsent, toRecord, toRecords } from './records-access.js'

export const clinicianModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    type ClinicianSessionInfo {
      did: String!
      hospitalId: ID!
      hospitalDid: String!
      name: String!
      "Record categories your staff privileges cover."
      recordCategories: [String!]!
      expiresAt: String!
    }
    type ClinicianSignIn {
      "Send it as Authorization: Bearer <token> with every clinician request. Shown once."
      token: String!
      session: ClinicianSessionInfo!
    }
    type ConsentedPatient {
      patientId: ID!
      did: String!
      name: String
      birthDate: String
      medicalRecordNumber: String
      "The consents in force for you (or for your hospital)."
      consents: [Consent!]!
    }
    type BreakGlassAccess {
      id: ID!
      patientId: ID!
      reason: String!
      categories: [String!]!
      openedAt: String!
      "Reads of the emergency summary are allowed until then without consent."
      expiresAt: String!
      records: [ClinicalRecord!]!
    }
    extend type Query {
      clinicianSession: ClinicianSessionInfo!
      "Patients with a consent in force for you or your hospital."
      consentedPatients: [ConsentedPatient!]!
      "A patient's records in the categories you may see (all your privileges cover, or those named)."
      patientRecords(patientId: ID!, categories: [String!]): PatientRecords!
    }
    extend type Mutation {
      "Signs in with a presentation (compact JWT) of your licence and staff privileges for a CLINICIAN_SIGN_IN challenge."
      signInClinician(challenge: String!, presentation: String!): ClinicianSignIn!
      signOutClinician: Boolean!
      "Emergency access without consent: the patient's allergies, medications and conditions, time-boxed, reviewed, shown to the patient."
      openBreakGlass(patientId: ID!, reason: String!): BreakGlassAccess!
    }
  `,
  access: {
    'Query.clinicianSession': clinicianSession,
    'Query.consentedPatients': clinicianSession,
    'Query.patientRecords': clinicianSession,
    'Mutation.signInClinician': PUBLIC,
    'Mutation.signOutClinician': clinicianSession,
    'Mutation.openBreakGlass': clinicianSession,
  },
  resolvers: {
    Query: {
      clinicianSession: async (_r, _a, ctx: GraphQLContext) => toSessionInfo(await ctx.clinician('Query.clinicianSession')),
      consentedPatients: async (_r, _a, ctx: GraphQLContext) => {
        const rows = await listConsentedPatients(ctx.platform, { clinician: await ctx.clinician('Query.consentedPatients') })
        return rows.map((p) => ({ patientId: p.patientId, did: p.did, name: p.profile?.name ?? null, birthDate: p.profile?.birthDate ?? null, medicalRecordNumber: p.profile?.medicalRecordNumber ?? null, consents: p.consents.map(toConsent) }))
      },
      patientRecords: async (_r, args: { patientId: string; categories?: string[] | null }, ctx: GraphQLContext) =>
        toRecords(await readRecordsAsClinician(ctx.platform, { clinician: await ctx.clinician('Query.patientRecords'), patientId: args.patientId, categories: args.categories })),
    },
    Mutation: {
      signInClinician: async (_r, args: { challenge: string; presentation: string }, ctx: GraphQLContext) => {
        const { token, clinician } = await signInClinician(ctx.platform, { challenge: args.challenge, presentation: args.presentation, ip: ctx.ip })
        return { token, session: toSessionInfo(clinician) }
      },
      signOutClinician: async (_r, _a, ctx: GraphQLContext) => {
        const c = await ctx.clinician('Mutation.signOutClinician')
        await signOutDidSession(ctx.platform.db, { sessionId: c.sessionId, did: c.did, orgId: c.orgId, action: 'clinician.sign_out' })
        return true
      },
      openBreakGlass: async (_r, args: { patientId: string; reason: string }, ctx: GraphQLContext) => {
        const opened = await openBreakGlass(ctx.platform, { clinician: await ctx.clinician('Mutation.openBreakGlass'), patientId: args.patientId, reason: args.reason })
        return {
          id: opened.window.id,
          patientId: opened.patientId,
          reason: opened.window.reason,
          categories: opened.window.categories,
          openedAt: opened.window.openedAt.toISOString(),
          expiresAt: opened.window.expiresAt.toISOString(),
          records: opened.records.map(toRecord),
        }
      },
    },
  },
}

function toSessionInfo(c: VerifiedClinician) {
  return { did: c.did, hospitalId: c.orgId, hospitalDid: c.hospitalDid, name: c.name, recordCategories: c.categories, expiresAt: c.expiresAt.toISOString() }
}
