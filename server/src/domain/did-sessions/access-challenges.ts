/**
 * Challenges for the records gate: a clinician's sign-in, a patient's sign-in, and a patient's signed request
 * (consent revocation, erasure). Each is issued for one hospital (its domain and id) and one purpose, single
 * use; a challenge issued for another purpose or another hospital does not open anything here.
 */
import { z } from 'zod'
import type { DbTx } from '../../db.js'
import { validationError } from '../../errors.js'
import { issueChallenge } from '../verification/challenges.js'
import { CheckFailure } from '../verification/report.js'
import { findHospital, hospitalDomain } from './hospital-domain.js'

export const AccessPurpose = z.enum(['clinician-sign-in', 'patient-sign-in', 'patient-request'])
export type AccessPurpose = z.infer<typeof AccessPurpose>

export async function issueAccessChallenge(
  deps: { db: DbTx; config: { publicUrl: string } },
  args: { hospitalId: string; purpose: AccessPurpose; now?: Date },
) {
  const purpose = AccessPurpose.safeParse(args.purpose)
  if (!purpose.success) throw validationError(purpose.error.issues.map((i) => ({ ...i, path: ['purpose'] })))
  const hospital = await findHospital(deps.db, args.hospitalId)
  const issued = await issueChallenge(deps.db, { domain: hospitalDomain(deps.config.publicUrl, hospital.id), orgId: hospital.id, purpose: purpose.data }, args.now)
  return { ...issued, hospitalId: hospital.id, purpose: purpose.data }
}

/**
 * The hospital a challenge was issued for, if it was issued for `purpose` (the verifier then checks its domain,
 * expiry and single use). Anything else is CHALLENGE_MISMATCH.
 */
export async function hospitalOfChallenge(db: DbTx, args: { challenge: unknown; purpose: AccessPurpose }) {
  const row = typeof args.challenge === 'string' && args.challenge.length > 0 && args.challenge.length <= 100 ? await db.presentationChallenge.findUnique({ where: { id: args.challenge } }) : null
  if (!row || row.purpose !== args.purpose || !row.orgId) throw new CheckFailure('CHALLENGE_MISMATCH', `this challenge was not issued by this server for ${args.purpose}`)
  const hospital = await db.organization.findFirst({ where: { id: row.orgId, kind: 'HOSPITAL' } })
  if (!hospital) throw new CheckFailure('CHALLENGE_MISMATCH', 'this challenge was not issued for a hospital')
  return hospital
}
