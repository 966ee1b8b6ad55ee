/**
 * Who calls a VC-API route: an organisation API token (`Authorization: Bearer cgt_...`) or a staff session
 * cookie, which for writes must come with the matching x-csrf-token header (cookies ride along on cross-site
 * requests; the header cannot).
 */
import type { Request } from 'express'
import { findApiCaller } from '../domain/accounts/api-tokens.js'
import { findStaffSession, isCsrfTokenValid } from '../domain/accounts/staff-sessions.js'
import type { OrgCaller } from '../domain/credentials/issuer-permissions.js'
import { AppError } from '../errors.js'
import type { Platform } from '../platform.js'
import { readCookie, SESSION_COOKIE } from './cookies.js'

export async function resolveOrgCaller(platform: Platform, req: Request): Promise<OrgCaller> {
  const auth = req.get('authorization')
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth)
    const caller = match ? await findApiCaller(platform.db, match[1]!) : undefined
    if (!caller) throw new AppError('UNAUTHENTICATED', 'Invalid or expired API token')
    await platform.db.apiToken.update({ where: { id: caller.tokenId }, data: { lastUsedAt: new Date() } })
    return { kind: 'token', orgId: caller.orgId, tokenId: caller.tokenId, scopes: caller.scopes }
  }
  const token = readCookie(req, SESSION_COOKIE)
  const staff = token ? await findStaffSession(platform.db, token) : undefined
  if (!staff || !token) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token')
  // Reads (GET) change nothing and the cookie is SameSite=Strict: downloads work as plain links.
  if (req.method !== 'GET' && !isCsrfTokenValid(token, req.get('x-csrf-token'))) throw new AppError('CSRF_FAILED', 'Missing or invalid x-csrf-token header')
  return { kind: 'staff', orgId: staff.orgId, accountId: staff.accountId, roles: staff.roles }
}
