/**
 * What a PatientConsentCredential must say and how long it may last. The patient's wallet signs it
 * (issuer = the patient's DID, subject = the grantee: a clinician's DID or the hospital's DID):
 *
 *   credentialSubject: { id: <grantee DID>, recordCategories: [...], purpose: "...", custodian: <hospital DID> }
 *   nbf = validFrom; exp = validUntil (absent: validFrom + 48 hours)
 *
 * `custodian` names the hospital holding the records, so a consent given at one hospital opens nothing at
 * another. A consent may last at most CONSENT_MAX_DURATION_MS.
 */
import { z } from 'zod'
import { DidEthr, RECORD_CATEGORIES } from '../credentials/credential-types.js'

export const CONSENT_DEFAULT_DURATION_MS = 48 * 60 * 60_000
export const CONSENT_MAX_DURATION_MS = 30 * 24 * 60 * 60_000
export const MAX_CONSENT_JWT_CHARS = 16 * 1024

export const ConsentClaims = z
  .object({
    recordCategories: z
      .array(z.enum(RECORD_CATEGORIES))
      .min(1, 'at least one record category')
      .max(RECORD_CATEGORIES.length)
      .refine((c) => new Set(c).size === c.length, 'categories must not repeat'),
    purpose: z.string().trim().min(3, 'is required').max(200),
    custodian: DidEthr,
  })
  .strict()
export type ConsentClaims = z.infer<typeof ConsentClaims>

export type ConsentStatus = 'ACTIVE' | 'SCHEDULED' | 'EXPIRED' | 'REVOKED'

export function consentStatus(consent: { validFrom: Date; validUntil: Date; revokedAt: Date | null }, now: Date): ConsentStatus {
  if (consent.revokedAt && consent.revokedAt <= now) return 'REVOKED'
  if (consent.validUntil <= now) return 'EXPIRED'
  if (consent.validFrom > now) return 'SCHEDULED'
  return 'ACTIVE'
}

export function parseCategories(stored: string): string[] {
  return stored.split(',').filter(Boolean)
}
