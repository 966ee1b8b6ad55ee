/**
 * Result types for the dashboard's operations, written by hand to mirror the server schema
 * (server/src/graphql/modules/*.ts). Keep them in step with the schema when fields are added.
 */

export type OrganizationKind = 'PLATFORM' | 'TRUST_ANCHOR' | 'BOARD' | 'HOSPITAL'

export type StaffRole = 'TRUST_ADMIN' | 'BOARD_ADMIN' | 'HR' | 'HOSPITAL_ADMIN' | 'PRIVACY_OFFICER' | 'AUDITOR'

export interface Organization {
  id: string
  name: string
  /** One of OrganizationKind; typed loosely so a new kind on the server does not break the dashboard. */
  kind: OrganizationKind | (string & {})
  did: string
  jurisdiction: string | null
}

export interface StaffAccount {
  id: string
  email: string
  name: string
  roles: Array<StaffRole | (string & {})>
  organization: Organization
}

export interface StaffSession {
  account: StaffAccount
  csrfToken: string
}

export interface PlatformInfo {
  chainId: number
  didPrefix: string
  registry: string
  platformDid: string
}

// ---- Credentials (issuer's register) ----

export type CredentialStatus = 'ACTIVE' | 'SUSPENDED' | 'REVOKED'

export interface CredentialStatusEvent {
  /** ISSUED | SUSPENDED | REINSTATED | REVOKED */
  action: string
  reason: string | null
  actor: string
  at: string
}

export interface IssuedCredential {
  id: string
  type: string
  issuerDid: string
  subjectDid: string
  /** Canonical JSON of the credential subject's claims. */
  claims: string
  status: CredentialStatus | (string & {})
  statusReason: string | null
  issuedAt: string
  validUntil: string | null
  supersedesId: string | null
  supersededById: string | null
}

export interface IssuedCredentialWithHistory extends IssuedCredential {
  statusHistory: CredentialStatusEvent[]
}

export interface CredentialPage {
  total: number
  items: IssuedCredential[]
}

export interface LicenseInput {
  subjectDid: string
  name: string
  licenseType: string
  licenseNumber: string
  jurisdiction: string
  specialty: string
  npi: string
  validFrom?: string | null
  validUntil: string
}

export interface AccreditationInput {
  subjectDid: string
  name: string
  licenseTypes: string[]
  jurisdictions: string[]
  validUntil: string
}

export interface CredentialSearchInput {
  type?: string
  status?: string
  subjectDid?: string
  text?: string
  limit?: number
  offset?: number
}

export type StatusAction = 'suspend' | 'reinstate' | 'revoke'

// ---- Licence imports ----

export interface ImportRowError {
  row: number
  field: string
  reason: string
}

export interface LicenseImport {
  id: string
  fileName: string
  /** RUNNING | DONE | FAILED */
  status: string
  stalled: boolean
  totalRows: number
  processed: number
  issued: number
  skipped: number
  failed: number
  errorCount: number
  /** The first errors (the full list is the CSV report). */
  errors: ImportRowError[]
  createdAt: string
}

// ---- Verification ----

export interface VerificationCheck {
  check: string
  passed: boolean
  code: string | null
  message: string | null
  credentialId: string | null
}

export interface VerifiedCredential {
  id: string | null
  types: string[]
  issuer: string | null
  subject: string | null
  /** JSON of the credential's claims. */
  claims: string
  issuanceDate: string | null
  expirationDate: string | null
  verified: boolean
  checks: VerificationCheck[]
}

export interface VerificationReport {
  verified: boolean
  holder: string | null
  checks: VerificationCheck[]
  credentials: VerifiedCredential[]
}

export interface PresentationChallenge {
  challenge: string
  domain: string
  expiresAt: string
}

// ---- Hiring and monitoring ----

/** HIRING: a hire has claimed the candidate and is issuing privileges (moments; back to VERIFIED if it fails). */
export type CandidateStage = 'INVITED' | 'VERIFIED' | 'FAILED' | 'HIRING' | 'HIRED' | 'REJECTED'

export interface Candidate {
  id: string
  name: string
  email: string | null
  stage: CandidateStage | (string & {})
  holderDid: string | null
  policyName: string
  requestUrl: string
  challenge: string
  domain: string
  expiresAt: string
  report: VerificationReport | null
  verifiedAt: string | null
  hiredAt: string | null
  privilegeCredentialId: string | null
  createdAt: string
}

export type CandidateSummary = Omit<Candidate, 'report' | 'challenge' | 'domain' | 'requestUrl'>

export type MonitoredState = 'OK' | 'EXPIRING' | 'SUSPENDED' | 'REVOKED' | 'EXPIRED' | 'UNVERIFIABLE'

export interface MonitoredClinician {
  id: string
  name: string
  holderDid: string
  licenseState: MonitoredState | (string & {})
  licenseExpiresAt: string | null
  privilegeState: MonitoredState | (string & {}) | null
  privilegeExpiresAt: string | null
  lastCheckedAt: string | null
  licenseNumber: string | null
  jurisdiction: string | null
}

// ---- Wallet (public) ----

export interface PresentationRequest {
  id: string
  organizationName: string
  organizationDid: string
  purpose: string
  challenge: string
  domain: string
  expiresAt: string
  /** The DIF Presentation Exchange v2 definition, as JSON. */
  definition: string
  /** OPEN | EXPIRED | ANSWERED */
  status: string
}

export interface SubmissionResult {
  verified: boolean
  message: string
}

export interface HolderCredential {
  id: string
  type: string
  issuerDid: string
  issuerName: string
  jwt: string
  status: string
  issuedAt: string
  validUntil: string | null
}

// ---- Audit and alerts ----

export interface AuditEntry {
  seq: number
  at: string
  actorType: string
  actor: string
  action: string
  subjectType: string | null
  subject: string | null
  decision: string
  reasonCode: string | null
  /** Canonical JSON of identifiers and codes. */
  details: string
}

export interface AuditFilterInput {
  from?: string
  to?: string
  action?: string
  actor?: string
  subject?: string
  decision?: string
  beforeSeq?: number
  limit?: number
}

export interface AuditVerification {
  ok: boolean
  entries: number
  anchorsChecked: number
  anchoredThrough: number
  problem: { kind: string; seq: number; message: string } | null
}

export interface AlertItem {
  id: string
  ruleKey: string
  severity: string
  message: string
  actor: string | null
  subject: string | null
  auditSeq: number | null
  createdAt: string
  acknowledgedAt: string | null
}

// ---- Records gate (clinician and patient sessions from the wallet) ----

export type AccessChallengePurpose = 'CLINICIAN_SIGN_IN' | 'PATIENT_SIGN_IN' | 'PATIENT_REQUEST'

export interface AccessChallenge {
  challenge: string
  /** `<hospital id>.<host>`: presentations and signed requests are addressed to it. */
  domain: string
  hospitalId: string
  expiresAt: string
}

export interface ClinicianSessionInfo {
  did: string
  hospitalId: string
  hospitalDid: string
  name: string
  recordCategories: string[]
  expiresAt: string
}

export interface PatientSessionInfo {
  did: string
  patientId: string
  hospitalId: string
  hospitalDid: string
  expiresAt: string
  erased: boolean
}

export interface Consent {
  id: string
  granteeDid: string
  recordCategories: string[]
  purpose: string
  validFrom: string
  validUntil: string
  /** ACTIVE | SCHEDULED | EXPIRED | REVOKED */
  status: string
  revokedAt: string | null
  revokedReason: string | null
}

export interface ConsentedPatient {
  patientId: string
  did: string
  name: string | null
  birthDate: string | null
  medicalRecordNumber: string | null
  consents: Consent[]
}

export interface ClinicalRecord {
  id: string
  category: string
  resourceType: string
  version: number
  /** The FHIR resource as JSON (summarised for display, never shown raw). */
  resource: string
  recordedAt: string
}

export interface PatientRecords {
  patientId: string
  records: ClinicalRecord[]
  granted: Array<{ category: string; basis: string; consentId: string | null; breakGlassId: string | null }>
  denied: Array<{ category: string; code: string }>
}

export interface BreakGlassAccess {
  id: string
  patientId: string
  reason: string
  categories: string[]
  openedAt: string
  expiresAt: string
  records: ClinicalRecord[]
}

export interface AccessLogEntry {
  at: string
  action: string
  decision: string
  reasonCode: string | null
  actorType: string
  actor: string
  actorName: string | null
  basis: string[]
  categories: string[]
  consentIds: string[]
  breakGlassId: string | null
  breakGlassReason: string | null
}

export interface ErasureResult {
  patientId: string
  erasedAt: string
  records: number
  versions: number
  consentsRevoked: number
}

export interface BreakGlassUse {
  id: string
  patientId: string
  clinicianDid: string
  clinicianName: string
  reason: string
  categories: string[]
  openedAt: string
  expiresAt: string
  reviewedAt: string | null
  reviewedBy: string | null
  reviewNote: string | null
}
