/** Who is asking: built once per GraphQL request from the session cookie and headers. */
import type { Request, Response } from 'express'
import { findStaffSession, isCsrfTokenValid, type StaffViewer } from '../domain/accounts/staff-sessions.js'
import type { Platform } from '../platform.js'
import { readCookie, SESSION_COOKIE } from '../http/cookies.js'

export interface GraphQLContext {
  platform: Platform
  req: Request
  res: Response
  ip: string
  staff: StaffViewer | undefined
  sessionToken: string | undefined
  csrfValid: boolean
}

export async function buildContext(platform: Platform, req: Request, res: Response): Promise<GraphQLContext> {
  const sessionToken = readCookie(req, SESSION_COOKIE)
  const staff = sessionToken ? await findStaffSession(platform.db, sessionToken) : undefined
  const csrfHeader = req.get('x-csrf-token')
  return {
    platform,
    req,
    res,
    ip: req.ip ?? 'unknown',
    staff,
    sessionToken: staff ? sessionToken : undefined,
    csrfValid: Boolean(staff && sessionToken && isCsrfTokenValid(sessionToken, csrfHeader)),
  }
}
