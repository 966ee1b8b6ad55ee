/**
 * Refusals as audit entries, in one place: an operation that refuses (bad input, not found, not allowed, not
 * trusted, a conflict) changes nothing and leaves one DENIED entry, written in a transaction of its own, with
 * the error's code and, for bad input, the names of the fields at fault (never their values or messages).
 * Errors that are not decisions (the database failing, a bug) pass through unaudited.
 */
import type { Db } from '../db.js'
import { isAppError, type ErrorCode } from '../errors.js'
import { auditDenial, type DeniedEvent } from './records/audit-denial.js'

export const REFUSAL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'ISSUER_UNTRUSTED'])

/** Audits `error` as the refusal of `event` when it is one, then throws it. */
export async function auditRefusal(db: Db, error: unknown, event: DeniedEvent): Promise<never> {
  if (!isAppError(error) || !REFUSAL_CODES.has(error.code)) throw error
  const fields = error.details?.fields
  const details = { ...event.details }
  if (Array.isArray(fields) && fields.length > 0) details.fields = fields.map((f) => String(f.field))
  return auditDenial(db, { ...event, details }, error)
}
