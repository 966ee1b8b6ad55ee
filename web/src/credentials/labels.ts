/**
 * How credentials read to people: type names, claim names, statuses, and the lists the forms offer (licence
 * types, jurisdictions, record categories — the same values the server accepts, see
 * server/src/domain/credentials/jurisdictions.ts and credential-types.ts).
 */
import type { BadgeTone } from '../components/badge.tsx'

const TYPE_LABELS: Record<string, string> = {
  ClinicianLicenseCredential: 'Clinician licence',
  StaffPrivilegeCredential: 'Staff privileges',
  AccreditationCredential: 'Board accreditation',
  PatientIdentityCredential: 'Patient identity',
  PatientConsentCredential: 'Patient consent',
  VerifiableCredential: 'Credential',
}

export function credentialTypeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type.replace(/Credential$/, '').replace(/([a-z])([A-Z])/g, '$1 $2')
}

/** The most specific type of a credential's type list (not the generic VerifiableCredential). */
export function mainType(types: readonly string[]): string {
  return types.find((t) => t !== 'VerifiableCredential') ?? types[0] ?? 'VerifiableCredential'
}

const CLAIM_LABELS: Record<string, string> = {
  id: 'Holder DID',
  name: 'Name',
  licenseType: 'Licence type',
  licenseNumber: 'Licence number',
  jurisdiction: 'Jurisdiction',
  specialty: 'Specialty',
  npi: 'NPI',
  role: 'Role',
  department: 'Department',
  recordCategories: 'Record categories',
  licenseTypes: 'Licence types',
  jurisdictions: 'Jurisdictions',
  birthDate: 'Date of birth',
  medicalRecordNumber: 'Medical record number',
  purpose: 'Purpose',
  categories: 'Record categories',
  grantee: 'Granted to',
}

export function claimLabel(key: string): string {
  if (CLAIM_LABELS[key]) return CLAIM_LABELS[key]
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A claim value as text: lists joined, nested objects flattened to "key: value" pairs, never raw JSON. */
export function claimValueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (Array.isArray(value)) return value.map(claimValueText).join(', ')
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${claimLabel(k)}: ${claimValueText(v)}`)
      .join('; ')
  }
  if (typeof value === 'string' && RECORD_CATEGORY_LABELS[value]) return RECORD_CATEGORY_LABELS[value]
  return String(value)
}

/** A claim as text, knowing which claim it is (dates of birth read as dates). */
export function claimText(key: string, value: unknown): string {
  if (key === 'birthDate' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00Z`)
    if (!Number.isNaN(date.getTime())) return date.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
  }
  return claimValueText(value)
}

const CLAIM_ORDER = Object.keys(CLAIM_LABELS)

/**
 * Parses a claims JSON text into entries in reading order (name first, then the licence's own fields;
 * unknown claims last); an unreadable text gives no entries (never shown raw).
 */
export function parseClaims(json: string | null | undefined): Array<[string, unknown]> {
  if (!json) return []
  try {
    const value: unknown = JSON.parse(json)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
    const rank = (key: string) => {
      const index = CLAIM_ORDER.indexOf(key)
      return index < 0 ? CLAIM_ORDER.length : index
    }
    return Object.entries(value as Record<string, unknown>).sort(([a], [b]) => rank(a) - rank(b))
  } catch {
    return []
  }
}

export function claimsObject(json: string | null | undefined): Record<string, unknown> {
  return Object.fromEntries(parseClaims(json))
}

const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: 'Active', tone: 'success' },
  SUSPENDED: { label: 'Suspended', tone: 'warning' },
  REVOKED: { label: 'Revoked', tone: 'danger' },
  EXPIRED: { label: 'Expired', tone: 'danger' },
  OK: { label: 'In good standing', tone: 'success' },
  EXPIRING: { label: 'Expiring soon', tone: 'warning' },
  UNVERIFIABLE: { label: 'Cannot be verified', tone: 'danger' },
}

export function statusLabel(status: string): string {
  return STATUS[status]?.label ?? status.charAt(0) + status.slice(1).toLowerCase()
}

export function statusTone(status: string): BadgeTone {
  return STATUS[status]?.tone ?? 'neutral'
}

const STATUS_ACTION_LABELS: Record<string, string> = {
  ISSUED: 'Issued',
  SUSPENDED: 'Suspended',
  REINSTATED: 'Reinstated',
  REVOKED: 'Revoked',
  SUPERSEDED: 'Superseded',
}

export function statusActionLabel(action: string): string {
  return STATUS_ACTION_LABELS[action] ?? statusLabel(action)
}

export const LICENSE_TYPES = [
  { value: 'MD', label: 'MD — Doctor of Medicine' },
  { value: 'DO', label: 'DO — Doctor of Osteopathic Medicine' },
  { value: 'RN', label: 'RN — Registered Nurse' },
  { value: 'LPN', label: 'LPN — Licensed Practical Nurse' },
  { value: 'NP', label: 'NP — Nurse Practitioner' },
  { value: 'PA', label: 'PA — Physician Assistant' },
  { value: 'CRNA', label: 'CRNA — Nurse Anesthetist' },
  { value: 'CNM', label: 'CNM — Nurse Midwife' },
  { value: 'PharmD', label: 'PharmD — Pharmacist' },
  { value: 'DDS', label: 'DDS — Dental Surgeon' },
  { value: 'DMD', label: 'DMD — Dental Medicine' },
  { value: 'DPM', label: 'DPM — Podiatric Medicine' },
  { value: 'PT', label: 'PT — Physical Therapist' },
  { value: 'OT', label: 'OT — Occupational Therapist' },
  { value: 'RT', label: 'RT — Respiratory Therapist' },
  { value: 'PsyD', label: 'PsyD — Psychologist' },
] as const

const US_STATES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa',
  KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan',
  MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire',
  NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio',
  OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota',
  TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia',
  WI: 'Wisconsin', WY: 'Wyoming', DC: 'District of Columbia', AS: 'American Samoa', GU: 'Guam',
  MP: 'Northern Mariana Islands', PR: 'Puerto Rico', VI: 'U.S. Virgin Islands', UM: 'U.S. Minor Outlying Islands',
}

const CA_PROVINCES: Record<string, string> = {
  AB: 'Alberta', BC: 'British Columbia', MB: 'Manitoba', NB: 'New Brunswick', NL: 'Newfoundland and Labrador',
  NS: 'Nova Scotia', NT: 'Northwest Territories', NU: 'Nunavut', ON: 'Ontario', PE: 'Prince Edward Island',
  QC: 'Quebec', SK: 'Saskatchewan', YT: 'Yukon',
}

export const JURISDICTIONS: ReadonlyArray<{ value: string; label: string }> = [
  ...Object.entries(US_STATES).map(([code, name]) => ({ value: `US-${code}`, label: `${name} (US-${code})` })),
  ...Object.entries(CA_PROVINCES).map(([code, name]) => ({ value: `CA-${code}`, label: `${name} (CA-${code})` })),
]

export function isKnownJurisdiction(code: string): boolean {
  return JURISDICTIONS.some((j) => j.value === code)
}

export const RECORD_CATEGORIES = [
  { value: 'allergies', label: 'Allergies' },
  { value: 'medications', label: 'Medications' },
  { value: 'conditions', label: 'Conditions' },
  { value: 'imaging', label: 'Imaging' },
  { value: 'notes', label: 'Clinical notes' },
] as const

const RECORD_CATEGORY_LABELS: Record<string, string> = Object.fromEntries(RECORD_CATEGORIES.map((c) => [c.value, c.label]))

export function recordCategoryLabel(value: string): string {
  return RECORD_CATEGORY_LABELS[value] ?? value
}
