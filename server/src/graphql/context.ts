/** Who is asking: built once per GraphQL request from the session cookie and headers. */
import type { Request, Response } from 'express'
import { findStaffSession, isCsrfTokenValid, type StaffViewer } from '../domain/accounts/staff-sessions.js'
import { recheckClinicianSession } from '../domain/clinician-sessions/recheck-clinician-session.js'
import type { VerifiedClinician, VerifiedPatient } from '../domain/did-sessions/session-types.js'
import { recheckPatientSession } from '../domain/patients/recheck-patient-session.js'
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
  /** A clinician's or patient's session token (`Authorization: Bearer <token>`), if one was sent. */
  bearerToken: string | undefined
  /** The clinician behind the bearer token, re-checked once per request (credentials verified again); throws when unusable. */
  clinician(field: string): Promise<VerifiedClinician>
  /** The patient behind the bearer token, re-checked once per request; throws when unusable. */
  patient(field: string): Promise<VerifiedPatient>
}

export async function buildContext(platform: Platform, req: Request, res: Response): Promise<GraphQLContext> {
  const sessionToken = readCookie(req, SESSION_COOKIE)
  const staff = sessionToken ? await findStaffSession(platform.db, sessionToken) : undefined
  const csrfHeader = req.get('x-csrf-token')
  const bearerToken = readBearerToken(req)
  const ip = req.ip ?? 'unknown'
  let clinician: Promise<VerifiedClinician> | undefined
  let patient: Promise<VerifiedPatient> | undefined
  return {
    platform,
    req,
    res,
    ip,
    staff,
    sessionToken: staff ? sessionToken : undefined,
    csrfValid: Boolean(staff && sessionToken && isCsrfTokenValid(sessionToken, csrfHeader)),
    bearerToken,
    clinician: (field) => (clinician ??= recheckClinicianSession(platform, { token: bearerToken, field, ip })),
    patient: (field) => (patient ??= recheckPatientSession(platform, { token: bearerToken, field, ip })),
  }
}

function readBearerToken(req: Request): string | undefined {
  const header = req.get('authorization')
  const match = header?.match(/^Bearer ([A-Za-z0-9_-]{1,200})$/)
  return match?.[1]
}
