/**
 * The records gate, as the wallet uses it: DID sign-in for clinicians and patients (a presentation answering a
 * hospital's access challenge), then requests with the session token as `Authorization: Bearer` (see
 * RequestOptions.bearer). Records come back only for the categories the reader may see.
 */
import { defineOperation } from './client.ts'
import type {
  AccessChallenge,
  AccessChallengePurpose,
  AccessLogEntry,
  BreakGlassAccess,
  ClinicianSessionInfo,
  Consent,
  ConsentedPatient,
  ErasureResult,
  PatientRecords,
  PatientSessionInfo,
} from './types.ts'

const RECORD_FIELDS = 'id category resourceType version resource recordedAt'
const RECORDS_FIELDS = `patientId records { ${RECORD_FIELDS} } granted { category basis consentId breakGlassId } denied { category code }`
const CONSENT_FIELDS = 'id granteeDid recordCategories purpose validFrom validUntil status revokedAt revokedReason'

export const CREATE_ACCESS_CHALLENGE_MUTATION = defineOperation<{ createAccessChallenge: AccessChallenge }, { hospitalId: string; purpose: AccessChallengePurpose }>(
  'CreateAccessChallenge',
  /* GraphQL */ `
    mutation CreateAccessChallenge($hospitalId: ID!, $purpose: AccessChallengePurpose!) {
      createAccessChallenge(hospitalId: $hospitalId, purpose: $purpose) { challenge domain hospitalId expiresAt }
    }
  `,
)

export const SIGN_IN_CLINICIAN_MUTATION = defineOperation<{ signInClinician: { token: string; session: ClinicianSessionInfo } }, { challenge: string; presentation: string }>(
  'SignInClinician',
  /* GraphQL */ `
    mutation SignInClinician($challenge: String!, $presentation: String!) {
      signInClinician(challenge: $challenge, presentation: $presentation) { token session { did hospitalId hospitalDid name recordCategories expiresAt } }
    }
  `,
)

export const SIGN_OUT_CLINICIAN_MUTATION = defineOperation<{ signOutClinician: boolean }>('SignOutClinician', /* GraphQL */ `mutation SignOutClinician { signOutClinician }`)

export const CONSENTED_PATIENTS_QUERY = defineOperation<{ consentedPatients: ConsentedPatient[] }>(
  'ConsentedPatients',
  /* GraphQL */ `
    query ConsentedPatients { consentedPatients { patientId did name birthDate medicalRecordNumber consents { ${CONSENT_FIELDS} } } }
  `,
)

export const PATIENT_RECORDS_QUERY = defineOperation<{ patientRecords: PatientRecords }, { patientId: string }>(
  'PatientRecords',
  /* GraphQL */ `
    query PatientRecords($patientId: ID!) { patientRecords(patientId: $patientId) { ${RECORDS_FIELDS} } }
  `,
)

export const OPEN_BREAK_GLASS_MUTATION = defineOperation<{ openBreakGlass: BreakGlassAccess }, { patientId: string; reason: string }>(
  'OpenBreakGlass',
  /* GraphQL */ `
    mutation OpenBreakGlass($patientId: ID!, $reason: String!) {
      openBreakGlass(patientId: $patientId, reason: $reason) { id patientId reason categories openedAt expiresAt records { ${RECORD_FIELDS} } }
    }
  `,
)

export const SIGN_IN_PATIENT_MUTATION = defineOperation<{ signInPatient: { token: string; session: PatientSessionInfo } }, { challenge: string; presentation: string }>(
  'SignInPatient',
  /* GraphQL */ `
    mutation SignInPatient($challenge: String!, $presentation: String!) {
      signInPatient(challenge: $challenge, presentation: $presentation) { token session { did patientId hospitalId hospitalDid expiresAt erased } }
    }
  `,
)

export const SIGN_OUT_PATIENT_MUTATION = defineOperation<{ signOutPatient: boolean }>('SignOutPatient', /* GraphQL */ `mutation SignOutPatient { signOutPatient }`)

export const MY_CONSENTS_QUERY = defineOperation<{ myConsents: Consent[] }>('MyConsents', /* GraphQL */ `query MyConsents { myConsents { ${CONSENT_FIELDS} } }`)

export const MY_ACCESS_LOG_QUERY = defineOperation<{ myAccessLog: AccessLogEntry[] }, { limit?: number }>(
  'MyAccessLog',
  /* GraphQL */ `
    query MyAccessLog($limit: Int) {
      myAccessLog(limit: $limit) { at action decision reasonCode actorType actor actorName basis categories consentIds breakGlassId breakGlassReason }
    }
  `,
)

export const MY_RECORDS_QUERY = defineOperation<{ myRecords: PatientRecords }>('MyRecords', /* GraphQL */ `query MyRecords { myRecords { ${RECORDS_FIELDS} } }`)

export const GRANT_CONSENT_MUTATION = defineOperation<{ grantConsent: Consent }, { consent: string }>(
  'GrantConsent',
  /* GraphQL */ `mutation GrantConsent($consent: String!) { grantConsent(consent: $consent) { ${CONSENT_FIELDS} } }`,
)

export const REVOKE_CONSENT_MUTATION = defineOperation<{ revokeConsent: Consent }, { request: string }>(
  'RevokeConsent',
  /* GraphQL */ `mutation RevokeConsent($request: String!) { revokeConsent(request: $request) { ${CONSENT_FIELDS} } }`,
)

export const REQUEST_ERASURE_MUTATION = defineOperation<{ requestErasure: ErasureResult }, { request: string }>(
  'RequestErasure',
  /* GraphQL */ `mutation RequestErasure($request: String!) { requestErasure(request: $request) { patientId erasedAt records versions consentsRevoked } }`,
)
