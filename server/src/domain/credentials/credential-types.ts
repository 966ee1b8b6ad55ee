/**
 * The credential types of DESIGN.md and the claims each carries, as zod schemas: the single definition used
 * to validate issuance input (GraphQL, VC-API, CSV import) with field-level errors.
 */
import { z } from 'zod'
import { isKnownJurisdiction, LICENSE_TYPES } from './jurisdictions.js'
import { isValidNpi } from './npi.js'

export const CREDENTIAL_TYPES = ['AccreditationCredential', 'ClinicianLicenseCredential', 'StaffPrivilegeCredential', 'PatientIdentityCredential'] as const
export type CredentialType = (typeof CREDENTIAL_TYPES)[number]

export const RECORD_CATEGORIES = ['allergies', 'medications', 'conditions', 'imaging', 'notes'] as const
export type RecordCategory = (typeof RECORD_CATEGORIES)[number]

/** did:ethr on any network name, address or compressed public key form; no other characters. */
export const DidEthr = z
  .string()
  .trim()
  .max(200)
  .regex(/^did:ethr:(?:[a-zA-Z0-9_-]+:)?0x(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{66})$/, 'must be a did:ethr DID (did:ethr:<network>:0x<address>)')

export const Jurisdiction = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isKnownJurisdiction, 'must be an ISO 3166-2 code of a supported jurisdiction, e.g. US-CA')

export const LicenseTypeSchema = z.enum(LICENSE_TYPES, { message: `must be one of ${LICENSE_TYPES.join(', ')}` })

const personName = z.string().trim().min(2, 'is required').max(200)

export const LicenseClaims = z
  .object({
    name: personName,
    licenseType: LicenseTypeSchema,
    licenseNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{3,30}$/, 'must be 3-30 letters, digits or dashes'),
    jurisdiction: Jurisdiction,
    specialty: z.string().trim().min(2, 'is required').max(100),
    npi: z.string().trim().refine(isValidNpi, 'must be a valid 10-digit NPI (Luhn check with the 80840 prefix)'),
  })
  .strict()
export type LicenseClaims = z.infer<typeof LicenseClaims>

export const AccreditationClaims = z
  .object({
    name: z.string().trim().min(2).max(200),
    licenseTypes: z.array(LicenseTypeSchema).min(1, 'at least one licence type').max(LICENSE_TYPES.length),
    jurisdictions: z.array(Jurisdiction).min(1, 'at least one jurisdiction').max(100),
  })
  .strict()
export type AccreditationClaims = z.infer<typeof AccreditationClaims>

export const StaffPrivilegeClaims = z
  .object({
    name: personName,
    role: z.string().trim().min(2).max(100),
    department: z.string().trim().min(2).max(100),
    recordCategories: z.array(z.enum(RECORD_CATEGORIES)).min(1, 'at least one record category'),
  })
  .strict()
export type StaffPrivilegeClaims = z.infer<typeof StaffPrivilegeClaims>

export const PatientIdentityClaims = z
  .object({
    name: personName,
    birthDate: z.iso.date({ message: 'must be a date (YYYY-MM-DD)' }),
    medicalRecordNumber: z.string().trim().regex(/^[A-Z0-9-]{4,30}$/i, 'must be 4-30 letters, digits or dashes'),
  })
  .strict()
export type PatientIdentityClaims = z.infer<typeof PatientIdentityClaims>

export const CLAIMS_BY_TYPE = {
  AccreditationCredential: AccreditationClaims,
  ClinicianLicenseCredential: LicenseClaims,
  StaffPrivilegeCredential: StaffPrivilegeClaims,
  PatientIdentityCredential: PatientIdentityClaims,
} as const

/** Which organisation kind may issue which type. */
export const ISSUER_KIND: Record<CredentialType, 'TRUST_ANCHOR' | 'BOARD' | 'HOSPITAL'> = {
  AccreditationCredential: 'TRUST_ANCHOR',
  ClinicianLicenseCredential: 'BOARD',
  StaffPrivilegeCredential: 'HOSPITAL',
  PatientIdentityCredential: 'HOSPITAL',
}

/**
 * A date given as an ISO 8601 string (or a Date): calendar-checked, so 2027-02-30 is an error rather than
 * silently becoming 2 March.
 */
export const StrictDate = z.union([z.date(), z.string().max(40)]).transform((value, ctx) => {
  if (value instanceof Date) return value
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim())
  const date = new Date(value.trim())
  if (!m || Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'must be a date (YYYY-MM-DD or ISO 8601)' })
    return z.NEVER
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const calendar = new Date(Date.UTC(year, month - 1, day))
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    ctx.addIssue({ code: 'custom', message: `${m[1]}-${m[2]}-${m[3]} is not a calendar date` })
    return z.NEVER
  }
  return date
})

/** Validity window: validUntil after validFrom, and not already past. */
export const Validity = z
  .object({
    validFrom: StrictDate.optional(),
    validUntil: StrictDate,
  })
  .superRefine((v, ctx) => {
    const from = v.validFrom ?? new Date()
    if (v.validUntil.getTime() <= from.getTime()) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'must be after the issue date' })
  })
