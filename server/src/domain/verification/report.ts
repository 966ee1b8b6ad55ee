/**
 * The verification report (DESIGN.md "Verification contract"): data, never just a boolean. Checks run in
 * the contract's order; a credential's checks stop at its first failure (later ones would be meaningless).
 */
import type { VerificationCodeName } from '../../errors.js'

export const CHECK_ORDER = ['well-formed', 'signature', 'validity-dates', 'status', 'issuer-trust', 'holder-binding', 'challenge', 'policy'] as const
export type CheckName = (typeof CHECK_ORDER)[number]

export interface VerificationCheck {
  check: CheckName
  passed: boolean
  code?: VerificationCodeName
  message?: string
  /** Which credential the check is about (absent: the presentation itself). */
  credentialId?: string
}

export interface CredentialResult {
  id: string | undefined
  types: string[]
  issuer: string | undefined
  subject: string | undefined
  claims: Record<string, unknown>
  issuanceDate: string | undefined
  expirationDate: string | undefined
  verified: boolean
  checks: VerificationCheck[]
}

export interface VerificationReport {
  verified: boolean
  checks: VerificationCheck[]
  credentials: CredentialResult[]
  /** The presentation signer (for presentations). */
  holder?: string
}

/** A failed check, thrown inside a step and turned into a report entry. */
export class CheckFailure extends Error {
  constructor(
    readonly code: VerificationCodeName,
    message: string,
  ) {
    super(message)
    this.name = 'CheckFailure'
  }
}

export function pass(check: CheckName, message?: string, credentialId?: string): VerificationCheck {
  return { check, passed: true, ...(message ? { message } : {}), ...(credentialId ? { credentialId } : {}) }
}

export function fail(check: CheckName, code: VerificationCodeName, message: string, credentialId?: string): VerificationCheck {
  return { check, passed: false, code, message, ...(credentialId ? { credentialId } : {}) }
}
