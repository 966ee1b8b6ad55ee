/** Staff authentication for plain HTTP routes (cookie session), with the same roles as GraphQL. */
import type { Request } from 'express'
import type { StaffRole } from '../domain/accounts/roles.js'
import { findStaffSession, type StaffViewer } from '../domain/accounts/staff-sessions.js'
import { AppError } from '../errors.js'
import type { Platform } from '../platform.js'
import { readCookie, SESSION_COOKIE } from './cookies.js'

export async function requireStaff(platform: Platform, req: Request, roles: StaffRole[] | 'any'): Promise<StaffViewer> {
  const token = readCookie(req, SESSION_COOKIE)
  const viewer = token ? await findStaffSession(platform.db, token) : undefined
  if (!viewer) throw new AppError('UNAUTHENTICATED', 'Sign in first')
  if (roles !== 'any' && !roles.some((r) => viewer.roles.includes(r))) throw new AppError('FORBIDDEN', 'Your role does not allow this')
  return viewer
}
