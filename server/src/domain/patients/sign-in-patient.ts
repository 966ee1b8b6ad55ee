/**
 * Patient sign-in: the patient's wallet answers a patient-sign-in challenge of a hospital with a presentation
 * of the PatientIdentityCredential that hospital issued to their DID. The session is bound to the patient's DID
 * and that credential (re-checked on every request). The server never holds the patient's key.
 */
import { CheckFailure } from '../verification/report.js'
import { refuseSignIn } from '../did-sessions/audit-sign-in-refusal.js'
import { createDidSession } from '../did-sessions/did-session-store.js'
import type { VerifiedPatient } from '../did-sessions/session-types.js'
import { decideSignIn, verifySignInPresentation, type SignInDeps, type SignInVerification } from '../did-sessions/verify-sign-in.js'
import { patientIdentityPolicy } from './patient-identity-policy.js'

export async function signInPatient(deps: SignInDeps, args: { presentation: string; challenge: string; ip: string; now?: Date }): Promise<{ token: string; patient: VerifiedPatient }> {
  const now = args.now ?? new Date()
  const action = 'patient.sign_in'
  if (typeof args.presentation !== 'string' || typeof args.challenge !== 'string') return refuseSignIn(deps.db, { action, code: 'VALIDATION_FAILED', message: 'presentation and challenge are required', ip: args.ip, now })
  let verification: SignInVerification
  try {
    verification = await verifySignInPresentation(deps, { presentation: args.presentation, challenge: args.challenge, purpose: 'patient-sign-in', policyFor: patientIdentityPolicy, now })
  } catch (error) {
    if (error instanceof CheckFailure) return refuseSignIn(deps.db, { action, code: error.code, message: error.message, ip: args.ip, now })
    throw error
  }
  const { hospital } = verification
  return decideSignIn(deps.db, {
    verification,
    action,
    ip: args.ip,
    now,
    open: async (tx, report) => {
      const identity = verification.matched.identity
      if (!identity || !identity.credential.id || !report.holder) throw new CheckFailure('POLICY_UNSATISFIED', 'a patient identity from this hospital is required')
      const patient = await tx.patient.findUnique({ where: { orgId_did: { orgId: hospital.id, did: report.holder } } })
      const registered = await tx.issuedCredential.findFirst({ where: { id: identity.credential.id, orgId: hospital.id, subjectDid: report.holder }, select: { id: true } })
      if (!patient || !registered) throw new CheckFailure('POLICY_UNSATISFIED', 'this identity is not registered for records at this hospital')
      const { token, session } = await createDidSession(tx, {
        kind: 'PATIENT',
        did: report.holder,
        orgId: hospital.id,
        patientId: patient.id,
        credentials: [{ id: identity.credential.id, type: 'PatientIdentityCredential' }],
        now,
      })
      const value: VerifiedPatient = { kind: 'patient', sessionId: session.id, did: report.holder, orgId: hospital.id, hospitalDid: hospital.did, patientId: patient.id, expiresAt: session.expiresAt }
      return { value: { token, patient: value }, subject: report.holder, details: { sessionId: session.id, patientId: patient.id, identity: identity.credential.id } }
    },
  })
}
