/**
 * The one error type the dashboard deals with. Server errors keep their stable code (errors[].extensions.code)
 * and field issues (extensions.details.fields); transport failures get client-side codes.
 * Code is data: never parse it out of a message.
 */

/** Codes the server raises (server/src/errors.ts), plus GraphQL's own validation codes. */
export type ServerErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'INVALID_LOGIN'
  | 'ACCOUNT_LOCKED'
  | 'CSRF_FAILED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'RECORDS_ERASED'
  | 'INTEGRITY_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'GRAPHQL_PARSE_FAILED'
  | 'BAD_USER_INPUT'

/** Codes raised in the browser: the request never got a usable answer. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE' | 'ABORTED'

/** Known codes, but any other stable server code (e.g. the verification codes) passes through as a string. */
export type ApiErrorCode = ServerErrorCode | ClientErrorCode | (string & {})

export interface FieldError {
  field: string
  message: string
}

export class ApiError extends Error {
  readonly code: ApiErrorCode
  readonly fields: readonly FieldError[] | undefined
  /** The rest of extensions.details (e.g. `retryAfter` for ACCOUNT_LOCKED), never shown raw. */
  readonly details: Readonly<Record<string, unknown>> | undefined

  constructor(code: ApiErrorCode, message: string, options: { fields?: readonly FieldError[]; details?: Record<string, unknown> } = {}) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.fields = options.fields && options.fields.length > 0 ? options.fields : undefined
    this.details = options.details
  }

  /** The message the server gave for one input field, if any. */
  fieldMessage(field: string): string | undefined {
    return this.fields?.find((f) => f.field === field)?.message
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

/** Wraps anything thrown into an ApiError so callers handle one shape. */
export function toApiError(value: unknown): ApiError {
  if (value instanceof ApiError) return value
  if (value instanceof DOMException && value.name === 'AbortError') return new ApiError('ABORTED', 'The request was cancelled')
  return new ApiError('BAD_RESPONSE', 'Unexpected error')
}
