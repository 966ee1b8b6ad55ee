/**
 * A tiny typed GraphQL client: POST /graphql (same origin, cookies included), the CSRF header whenever a token
 * is known, and every failure turned into an ApiError.
 *
 *   const { session } = await gqlRequest(SESSION_QUERY, {})
 */
import { ApiError, type FieldError } from './api-error.ts'
import { getCsrfToken } from './csrf-token.ts'

export const GRAPHQL_ENDPOINT = '/graphql'

export type Variables = Record<string, unknown>

/** A GraphQL document with its result and variables types attached (the types exist only for the compiler). */
export interface Operation<TData, TVars extends Variables> {
  readonly name: string
  readonly document: string
  /** Phantom fields: never set, they carry the types. */
  readonly __data?: TData
  readonly __variables?: TVars
}

export type NoVariables = Record<string, never>

export function defineOperation<TData, TVars extends Variables = NoVariables>(name: string, document: string): Operation<TData, TVars> {
  return { name, document }
}

export interface RequestOptions {
  signal?: AbortSignal
  /** A clinician's or patient's session token (Authorization: Bearer), from a DID sign-in. Never stored. */
  bearer?: string
}

type UnauthenticatedListener = () => void
const unauthenticatedListeners = new Set<UnauthenticatedListener>()

/** Called whenever the server answers UNAUTHENTICATED (the session expired or was revoked elsewhere). */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

export async function gqlRequest<TData, TVars extends Variables>(
  operation: Operation<TData, TVars>,
  variables: TVars,
  options: RequestOptions = {},
): Promise<TData> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  }
  const csrfToken = getCsrfToken()
  if (csrfToken) headers['x-csrf-token'] = csrfToken
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`

  let response: Response
  try {
    response = await fetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify({ query: operation.document, operationName: operation.name, variables }),
      ...(options.signal ? { signal: options.signal } : {}),
    })
  } catch {
    if (options.signal?.aborted) throw new ApiError('ABORTED', 'The request was cancelled')
    throw new ApiError('NETWORK_ERROR', 'Could not reach the server')
  }

  let body: unknown
  try {
    body = await response.json()
  } catch {
    if (options.signal?.aborted) throw new ApiError('ABORTED', 'The request was cancelled')
    throw new ApiError(codeForHttpStatus(response.status), `Unexpected response (HTTP ${response.status})`)
  }

  const error = firstError(body)
  if (error) {
    // A DID session's end is the wallet's business, not the staff session's.
    if (error.code === 'UNAUTHENTICATED' && !options.bearer) for (const listener of unauthenticatedListeners) listener()
    throw error
  }
  if (!isRecord(body) || !isRecord(body.data)) {
    throw new ApiError(response.ok ? 'BAD_RESPONSE' : codeForHttpStatus(response.status), 'The server answered without data')
  }
  return body.data as TData
}

function firstError(body: unknown): ApiError | undefined {
  if (!isRecord(body) || !Array.isArray(body.errors) || body.errors.length === 0) return undefined
  const raw: unknown = body.errors[0]
  if (!isRecord(raw)) return new ApiError('INTERNAL', 'Unexpected error')
  const extensions = isRecord(raw.extensions) ? raw.extensions : {}
  const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL'
  const message = typeof raw.message === 'string' ? raw.message : 'Unexpected error'
  const details = isRecord(extensions.details) ? extensions.details : undefined
  const fields = details && Array.isArray(details.fields) ? details.fields.filter(isFieldError) : undefined
  return new ApiError(code, message, {
    ...(fields ? { fields } : {}),
    ...(details ? { details } : {}),
  })
}

function codeForHttpStatus(status: number): string {
  if (status === 413) return 'PAYLOAD_TOO_LARGE'
  if (status === 429) return 'RATE_LIMITED'
  if (status === 502 || status === 503 || status === 504) return 'UNAVAILABLE'
  return 'BAD_RESPONSE'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isFieldError(value: unknown): value is FieldError {
  return isRecord(value) && typeof value.field === 'string' && typeof value.message === 'string'
}
