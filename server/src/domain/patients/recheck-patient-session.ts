/**
 * The patient half of the per-request re-check (did-sessions/recheck-did-session.ts): the identity credential
 * the session was opened with must still verify. Only this function makes a VerifiedPatient.
 */
import { AppError } from '../../errors.js'
import { recheckDidSession, type RecheckDeps } from '../did-sessions/recheck-did-session.js'
import type { VerifiedPatient } from '../did-sessions/session-types.js'

export async function recheckPatientSession(deps: RecheckDeps, args: { token: string | undefined; field: string; ip: string; now?: Date }): Promise<VerifiedPatient> {
  const { session, hospitalDid } = await recheckDidSession(deps, { ...args, kind: 'PATIENT' })
  if (!session.patientId) throw new AppError('UNAUTHENTICATED', 'Unknown session; sign in again')
  return { kind: 'patient', sessionId: session.id, did: session.did, orgId: session.orgId, hospitalDid, patientId: session.patientId, expiresAt: session.expiresAt }
}
