/**
 * One error model for the whole server. Domain code throws `new AppError(code, message, details)`;
 * transports (GraphQL, HTTP) map the code through ERROR_TABLE and never parse messages.
 * Verification codes are fixed by DESIGN.md: extend, never rename.
 */

/** Verification codes (DESIGN.md "Verification contract"). */
export const VerificationCode = {
  MALFORMED: 'MALFORMED',
  UNSUPPORTED_ALGORITHM: 'UNSUPPORTED_ALGORITHM',
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  DID_UNRESOLVABLE: 'DID_UNRESOLVABLE',
  KEY_NOT_AUTHORIZED: 'KEY_NOT_AUTHORIZED',
  NOT_YET_VALID: 'NOT_YET_VALID',
  EXPIRED: 'EXPIRED',
  REVOKED: 'REVOKED',
  SUSPENDED: 'SUSPENDED',
  STATUS_UNAVAILABLE: 'STATUS_UNAVAILABLE',
  ISSUER_UNTRUSTED: 'ISSUER_UNTRUSTED',
  HOLDER_MISMATCH: 'HOLDER_MISMATCH',
  CHALLENGE_MISMATCH: 'CHALLENGE_MISMATCH',
  CHALLENGE_EXPIRED: 'CHALLENGE_EXPIRED',
  CHALLENGE_REPLAYED: 'CHALLENGE_REPLAYED',
  DOMAIN_MISMATCH: 'DOMAIN_MISMATCH',
  POLICY_UNSATISFIED: 'POLICY_UNSATISFIED',
  CONSENT_MISSING: 'CONSENT_MISSING',
  CONSENT_EXPIRED: 'CONSENT_EXPIRED',
  CONSENT_REVOKED: 'CONSENT_REVOKED',
} as const

/** Request and platform codes. */
export const RequestCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_LOGIN: 'INVALID_LOGIN',
  ACCOUNT_LOCKED: 'ACCOUNT_LOCKED',
  CSRF_FAILED: 'CSRF_FAILED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
  /** The patient's records were erased (crypto-shredded): nothing is left to read. */
  RECORDS_ERASED: 'RECORDS_ERASED',
  /** A stored record failed its integrity check (authentication tag or content hash): nothing is returned. */
  INTEGRITY_FAILED: 'INTEGRITY_FAILED',
} as const

export type VerificationCodeName = keyof typeof VerificationCode
export type RequestCodeName = keyof typeof RequestCode
export type ErrorCode = VerificationCodeName | RequestCodeName

/** HTTP status per code. Verification codes answer 200 with verified: false on the verify endpoints;
 *  the status here applies when such a code is raised as an error elsewhere (e.g. records access). */
export const ERROR_TABLE: Record<ErrorCode, { http: number }> = {
  MALFORMED: { http: 400 },
  UNSUPPORTED_ALGORITHM: { http: 400 },
  SIGNATURE_INVALID: { http: 403 },
  DID_UNRESOLVABLE: { http: 403 },
  KEY_NOT_AUTHORIZED: { http: 403 },
  NOT_YET_VALID: { http: 403 },
  EXPIRED: { http: 403 },
  REVOKED: { http: 403 },
  SUSPENDED: { http: 403 },
  STATUS_UNAVAILABLE: { http: 403 },
  ISSUER_UNTRUSTED: { http: 403 },
  HOLDER_MISMATCH: { http: 403 },
  CHALLENGE_MISMATCH: { http: 403 },
  CHALLENGE_EXPIRED: { http: 403 },
  CHALLENGE_REPLAYED: { http: 403 },
  DOMAIN_MISMATCH: { http: 403 },
  POLICY_UNSATISFIED: { http: 403 },
  CONSENT_MISSING: { http: 403 },
  CONSENT_EXPIRED: { http: 403 },
  CONSENT_REVOKED: { http: 403 },
  VALIDATION_FAILED: { http: 400 },
  UNAUTHENTICATED: { http: 401 },
  INVALID_LOGIN: { http: 401 },
  ACCOUNT_LOCKED: { http: 429 },
  CSRF_FAILED: { http: 403 },
  FORBIDDEN: { http: 403 },
  NOT_FOUND: { http: 404 },
  CONFLICT: { http: 409 },
  PAYLOAD_TOO_LARGE: { http: 413 },
  RATE_LIMITED: { http: 429 },
  QUERY_TOO_COMPLEX: { http: 400 },
  UNAVAILABLE: { http: 503 },
  INTERNAL: { http: 500 },
  RECORDS_ERASED: { http: 410 },
  INTEGRITY_FAILED: { http: 500 },
}

/** A field-level problem with an input, e.g. `{ field: 'npi', message: 'fails the Luhn check' }`. */
export interface FieldIssue {
  field: string
  message: string
}

export interface AppErrorDetails {
  fields?: FieldIssue[]
  [key: string]: unknown
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: AppErrorDetails | undefined

  constructor(code: ErrorCode, message: string, details?: AppErrorDetails) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  get httpStatus(): number {
    return ERROR_TABLE[this.code].http
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (error instanceof Error && error.name === 'AppError' && typeof (error as AppError).code === 'string' && (error as AppError).code in ERROR_TABLE)
}

/** Builds VALIDATION_FAILED from zod issues, keeping each field's path and message. */
export function validationError(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): AppError {
  const fields = issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }))
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ')
  return new AppError('VALIDATION_FAILED', `Invalid input: ${summary}`, { fields })
}

/**
 * Infrastructure failures a client should hear about with a code (and retry later), not as INTERNAL: the
 * database's storage full (SQLITE_FULL, PostgreSQL 53100 disk_full) or the database unreachable, restarting
 * or refusing connections.
 */
export function classifyInfrastructureError(error: unknown): AppError | undefined {
  if (isAppError(error) || !(error instanceof Error)) return undefined
  const text = `${error.message} ${String((error as { code?: unknown }).code ?? '')} ${JSON.stringify((error as { meta?: unknown }).meta ?? {})}`
  if (/disk is full|SQLITE_FULL|disk_full|53100|No space left on device|could not extend file/i.test(text)) {
    return new AppError('UNAVAILABLE', 'The database storage is full; nothing was saved. Try again once an administrator has freed space.')
  }
  if (isDatabaseUnavailable(error) || /ECONNREFUSED|Can't reach database|Connection terminated|P1001|P1017|server closed the connection|timeout exceeded when trying to connect/i.test(text)) {
    return new AppError('UNAVAILABLE', 'The database is unreachable; nothing was saved. Try again shortly.')
  }
  return undefined
}

/** Driver error kinds (Prisma driver adapters) that mean the database cannot serve now, not that the request is wrong. */
const UNAVAILABLE_DRIVER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'])
/**
 * PostgreSQL SQLSTATEs of the same meaning: class 08 (connection exception), 57P01 admin_shutdown, 57P02
 * crash_shutdown, 57P03 cannot_connect_now ("the database system is starting up / shutting down / in
 * recovery"), 57P05 idle_session_timeout, 53300 too_many_connections. Seen when PostgreSQL restarts under load.
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1235]|53300)$/

function isDatabaseUnavailable(error: Error): boolean {
  // The driver's error is Prisma's meta.driverAdapterError, or the error itself when Prisma passes it through.
  const e = error as { name?: string; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } }
  const cause = (e.meta?.driverAdapterError?.cause ?? (e.name === 'DriverAdapterError' ? e.cause : undefined)) as { kind?: unknown; code?: unknown } | undefined
  if (!cause || typeof cause !== 'object') return false
  return UNAVAILABLE_DRIVER_KINDS.has(String(cause.kind)) || (cause.kind === 'postgres' && UNAVAILABLE_SQLSTATE.test(String(cause.code)))
}

/** What a client may see of any error: AppErrors as they are, known infrastructure failures with a code, everything else masked. */
export function toPublicError(error: unknown): { code: ErrorCode; message: string; details?: AppErrorDetails } {
  error = classifyInfrastructureError(error) ?? error
  if (isAppError(error)) {
    return error.details ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message }
  }
  return { code: 'INTERNAL', message: 'Internal error' }
}
