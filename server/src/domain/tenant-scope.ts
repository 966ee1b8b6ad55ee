/**
 * Tenant scoping in one place: every query for an organisation's rows builds its `where` here, so another
 * organisation's row is simply not found (NOT_FOUND), never "forbidden" with details.
 */
import { AppError } from '../errors.js'

export function orgScope(orgId: string): { orgId: string } {
  if (!orgId) throw new AppError('FORBIDDEN', 'No organisation in scope')
  return { orgId }
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`)
}
