/**
 * Large licence files go to POST /imports/licenses (text/csv, up to 10 MB) instead of the GraphQL request,
 * whose body limit is small. Same session cookie and CSRF header; errors come back as { code, message,
 * details } and are turned into the same ApiError the GraphQL client throws.
 */
import { ApiError, type FieldError } from './api-error.ts'
import { getCsrfToken } from './csrf-token.ts'

/** Files up to this size travel inside the GraphQL mutation (the server's GraphQL body limit is 256 kB). */
export const GRAPHQL_FILE_LIMIT_BYTES = 180 * 1024

export async function uploadLicenseCsv(fileName: string, csv: string): Promise<{ id: string }> {
  const headers: Record<string, string> = { 'content-type': 'text/csv; charset=utf-8', accept: 'application/json' }
  const token = getCsrfToken()
  if (token) headers['x-csrf-token'] = token
  let response: Response
  try {
    response = await fetch(`/imports/licenses?fileName=${encodeURIComponent(fileName)}`, { method: 'POST', headers, credentials: 'same-origin', body: csv })
  } catch {
    throw new ApiError('NETWORK_ERROR', 'Could not reach the server')
  }
  let body: unknown
  try {
    body = await response.json()
  } catch {
    throw new ApiError(response.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_RESPONSE', `Unexpected response (HTTP ${response.status})`)
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  if (!response.ok) {
    const details = typeof record.details === 'object' && record.details !== null ? (record.details as Record<string, unknown>) : undefined
    const fields = Array.isArray(details?.fields)
      ? (details.fields as unknown[]).filter((f): f is FieldError => typeof f === 'object' && f !== null && typeof (f as FieldError).field === 'string' && typeof (f as FieldError).message === 'string')
      : undefined
    throw new ApiError(typeof record.code === 'string' ? record.code : 'BAD_RESPONSE', typeof record.message === 'string' ? record.message : 'Unexpected error', {
      ...(fields ? { fields } : {}),
      ...(details ? { details } : {}),
    })
  }
  if (typeof record.id !== 'string') throw new ApiError('BAD_RESPONSE', 'The server answered without an import id')
  return { id: record.id }
}
