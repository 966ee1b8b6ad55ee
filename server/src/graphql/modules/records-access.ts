/**
 * The records gate's shared GraphQL surface: access challenges (clinician and patient sign-in, patient
 * signed requests) and the types records are returned in. Records are reachable only through the root fields
 * of the clinician, patient and staff modules, each behind its access rule and the domain gate; no other type
 * has a field leading to records (a test walks the schema for that).
 */
import { issueAccessChallenge, type AccessPurpose } from '../../domain/did-sessions/access-challenges.js'
import type { ClinicalRecordView } from '../../domain/records/load-records.js'
import type { RecordsView } from '../../domain/records/read-records.js'
import { PUBLIC } from '../access.js'
import type { GraphQLContext } from '../context.js'
import type { GraphQLModule } from './module.js'

const PURPOSES: Record<string, AccessPurpose> = { CLINICIAN_SIGN_IN: 'clinician-sign-in', PATIENT_SIGN_IN: 'patient-sign-in', PATIENT_REQUEST: 'patient-request' }

export const recordsAccessModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    enum AccessChallengePurpose {
      CLINICIAN_SIGN_IN
      PATIENT_SIGN_IN
      PATIENT_REQUEST
    }
    type AccessChallenge {
      challenge: String!
      "Address the presentation or signed request to this domain (unique per hospital)."
      domain: String!
      hospitalId: ID!
      purpose: AccessChallengePurpose!
      expiresAt: String!
    }
    type ClinicalRecord {
      id: ID!
      "allergies | medications | conditions | imaging | notes"
      category: String!
      resourceType: String!
      version: Int!
      "The FHIR resource, as JSON."
      resource: String!
      "Keyed hash of this version's content (checked on every read)."
      contentHash: String!
      recordedAt: String!
    }
    type CategoryGrant {
      category: String!
      "CONSENT | BREAK_GLASS | SELF"
      basis: String!
      consentId: ID
      breakGlassId: ID
    }
    type CategoryDenial {
      category: String!
      "CONSENT_MISSING | CONSENT_EXPIRED | CONSENT_REVOKED | FORBIDDEN | a verification code"
      code: String!
    }
    "Only the categories the reader may see; the others are listed as denied, never returned."
    type PatientRecords {
      patientId: ID!
      records: [ClinicalRecord!]!
      granted: [CategoryGrant!]!
      denied: [CategoryDenial!]!
    }
    type Consent {
      id: ID!
      granteeDid: String!
      recordCategories: [String!]!
      purpose: String!
      validFrom: String!
      validUntil: String!
      "ACTIVE | SCHEDULED | EXPIRED | REVOKED"
      status: String!
      revokedAt: String
      "PATIENT | ERASURE"
      revokedReason: String
    }
    type ErasureResult {
      patientId: ID!
      erasedAt: String!
      records: Int!
      versions: Int!
      consentsRevoked: Int!
    }
    extend type Mutation {
      "A single-use challenge of a hospital (by its id or its DID): a clinician's or patient's sign-in, or a patient's signed request."
      createAccessChallenge(hospitalId: ID!, purpose: AccessChallengePurpose!): AccessChallenge!
    }
  `,
  access: {
    'Mutation.createAccessChallenge': PUBLIC,
  },
  resolvers: {
    Mutation: {
      createAccessChallenge: async (_r, args: { hospitalId: string; purpose: string }, ctx: GraphQLContext) => {
        const c = await issueAccessChallenge(ctx.platform, { hospitalId: args.hospitalId, purpose: PURPOSES[args.purpose]! })
        return { ...c, purpose: args.purpose, expiresAt: c.expiresAt.toISOString() }
      },
    },
  },
}

export function toRecord(r: ClinicalRecordView) {
  return { ...r, resource: JSON.stringify(r.resource), recordedAt: r.recordedAt.toISOString() }
}

export function toRecords(view: RecordsView) {
  return {
    patientId: view.patientId,
    records: view.records.map(toRecord),
    granted: view.granted.map((g) => ({ category: g.category, basis: g.basis, consentId: g.basis === 'CONSENT' ? g.consentId : null, breakGlassId: g.basis === 'BREAK_GLASS' ? g.breakGlassId : null })),
    denied: view.denied.map((d) => ({ category: d.category, code: d.code })),
  }
}

export function toConsent(c: { id: string; granteeDid: string; categories: string[]; purpose: string; validFrom: Date; validUntil: Date; status: string; revokedAt: Date | null; revokedReason: string | null }) {
  return {
    id: c.id,
    granteeDid: c.granteeDid,
    recordCategories: c.categories,
    purpose: c.purpose,
    validFrom: c.validFrom.toISOString(),
    validUntil: c.validUntil.toISOString(),
    status: c.status,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revokedReason: c.revokedReason,
  }
}

export function toErasure(r: { patientId: string; erasedAt: Date; records: number; versions: number; consentsRevoked: number }) {
  return { ...r, erasedAt: r.erasedAt.toISOString() }
}
