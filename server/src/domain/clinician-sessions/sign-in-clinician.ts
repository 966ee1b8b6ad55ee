/**
 * Clinician sign-in: the clinician's wallet answers a clinician-sign-in challenge of a hospital with a
 * presentation of their licence and their StaffPrivilegeCredential from that hospital. When it verifies, a
 * short-lived session is opened, bound to the clinician's DID and to exactly those credentials (re-checked on
 * every request). Challenge consumption, session and audit entry commit together.
 */
import { RECORD_CATEGORIES, type RecordCategory } from '../credentials/credential-types.js'
import { CheckFailure } from '../verification/report.js'
import { refuseSignIn } from '../did-sessions/audit-sign-in-refusal.js'
import { createDidSession } from '../did-sessions/did-session-store.js'
import type { VerifiedClinician } from '../did-sessions/session-types.js'
import { decideSignIn, verifySignInPresentation, type SignInDeps, type SignInVerification } from '../did-sessions/verify-sign-in.js'
import { clinicianAccessPolicy } from './clinician-access-policy.js'

export async function signInClinician(deps: SignInDeps, args: { presentation: string; challenge: string; ip: string; now?: Date }): Promise<{ token: string; clinician: VerifiedClinician }> {
  const now = args.now ?? new Date()
  const action = 'clinician.sign_in'
  if (typeof args.presentation !== 'string' || typeof args.challenge !== 'string') return refuseSignIn(deps.db, { action, code: 'VALIDATION_FAILED', message: 'presentation and challenge are required', ip: args.ip, now })
  let verification: SignInVerification
  try {
    verification = await verifySignInPresentation(deps, { presentation: args.presentation, challenge: args.challenge, purpose: 'clinician-sign-in', policyFor: clinicianAccessPolicy, now })
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
      const license = verification.matched.license
      const privilege = verification.matched.privilege
      if (!license || !privilege || !report.holder) throw new CheckFailure('POLICY_UNSATISFIED', 'a licence and staff privileges at this hospital are required')
      const claims = privilege.credential.claims as { name?: unknown; recordCategories?: unknown }
      const categories = (Array.isArray(claims.recordCategories) ? claims.recordCategories : []).filter((c): c is RecordCategory => (RECORD_CATEGORIES as readonly unknown[]).includes(c))
      const name = typeof claims.name === 'string' ? claims.name.slice(0, 200) : report.holder
      const { token, session } = await createDidSession(tx, {
        kind: 'CLINICIAN',
        did: report.holder,
        orgId: hospital.id,
        name,
        categories,
        credentials: [
          { id: license.credential.id ?? 'license', type: 'ClinicianLicenseCredential', jwt: license.jwt },
          { id: privilege.credential.id ?? 'privilege', type: 'StaffPrivilegeCredential', jwt: privilege.jwt },
        ],
        now,
      })
      const clinician: VerifiedClinician = { kind: 'clinician', sessionId: session.id, did: report.holder, orgId: hospital.id, hospitalDid: hospital.did, name, categories, expiresAt: session.expiresAt }
      return {
        value: { token, clinician },
        subject: report.holder,
        details: { sessionId: session.id, license: license.credential.id ?? null, privilege: privilege.credential.id ?? null, categories },
      }
    },
  })
}
