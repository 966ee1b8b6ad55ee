/**
 * What people read when something fails: one sentence per code, written for staff, never the raw server text
 * for codes that could carry internals.
 */
import { FAILURE_EXPLANATIONS } from '../verification/check-codes.ts'
import { toApiError } from './api-error.ts'

const MESSAGES: Record<string, string> = {
  INVALID_LOGIN: 'Email or password is incorrect.',
  ACCOUNT_LOCKED: 'This account is temporarily locked after too many failed sign-ins. Try again later.',
  VALIDATION_FAILED: 'Some of the details you entered need attention.',
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  CSRF_FAILED: 'Your session could not be confirmed. Reload the page and try again.',
  FORBIDDEN: 'You do not have permission to do that.',
  NOT_FOUND: 'We could not find what you were looking for.',
  CONFLICT: 'Someone else changed this at the same time. Reload and try again.',
  PAYLOAD_TOO_LARGE: 'That request is too large.',
  RATE_LIMITED: 'Too many requests. Wait a moment and try again.',
  QUERY_TOO_COMPLEX: 'That request is too complex for the server.',
  UNAVAILABLE: 'CredGate is temporarily unavailable. Try again in a moment.',
  NETWORK_ERROR: 'Cannot reach CredGate. Check your connection and try again.',
  BAD_RESPONSE: 'The server sent an unexpected answer. Try again in a moment.',
  ABORTED: 'The request was cancelled.',
  INTERNAL: 'Something went wrong on our side. Try again in a moment.',
  RECORDS_ERASED: 'This patient’s records were erased at their request. Nothing is left to read.',
  INTEGRITY_FAILED: 'A stored record failed its integrity check, so it is not shown. Contact the hospital.',
}

const GENERIC = MESSAGES.INTERNAL as string

export function describeError(error: unknown): string {
  const apiError = toApiError(error)
  return MESSAGES[apiError.code] ?? FAILURE_EXPLANATIONS[apiError.code] ?? GENERIC
}
