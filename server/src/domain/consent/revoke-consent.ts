/**
 * A patient revokes a consent with a signed request (action "consent.revoke", target = the consent id; see
 * patients/verify-patient-request.ts). Effective at once: the records gate reads consents in the transaction
 * that returns records. The request must be signed by the signed-in patient, for this hospital; another
 * patient's consent id is NOT_FOUND. Challenge consumption, revocation and audit commit together.
 */
import type { Resolvable } from 'did-resolver'
import type { Db } from '../../db.js'
import { AppError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { VerifiedPatient } from '../did-sessions/session-types.js'
import { verifyPatientRequest, type PatientRequest } from '../patients/verify-patient-request.js'
import { auditDenial } from '../records/audit-denial.js'
import { consumeChallenge } from '../verification/challenges.js'
import { CheckFailure } from '../verification/report.js'

export async function revokeConsent(deps: { db: Db; resolver: Resolvable; config: { publicUrl: string } }, args: { patient: VerifiedPatient; request: string; now?: Date }) {
  const now = args.now ?? new Date()
  const { patient } = args
  const event = { actorType: 'DID' as const, actor: patient.did, orgId: patient.orgId, action: 'consent.revoke', subjectType: 'PATIENT', subject: patient.patientId, at: now }
  let request: PatientRequest
  try {
    request = await verifyPatientRequest(deps, { request: args.request, action: 'consent.revoke', now })
  } catch (error) {
    if (error instanceof CheckFailure) return auditDenial(deps.db, event, new AppError(error.code, `The revocation request does not verify: ${error.message}`))
    throw error
  }
  if (request.did !== patient.did) return auditDenial(deps.db, event, new AppError('HOLDER_MISMATCH', 'the request must be signed by the signed-in patient'))
  if (request.hospital.id !== patient.orgId) return auditDenial(deps.db, event, new AppError('DOMAIN_MISMATCH', 'the request was made for another hospital'))

  const outcome = await deps.db.$transaction(async (tx) => {
    const deny = async (error: AppError) => {
      await appendAuditEntry(tx, { ...event, decision: 'DENIED', reasonCode: error.code, details: { target: request.target.slice(0, 200) } })
      return { error }
    }
    try {
      await consumeChallenge(tx, { challenge: request.challenge, now })
    } catch (error) {
      if (error instanceof CheckFailure) return deny(new AppError(error.code, error.message))
      throw error
    }
    const consent = await tx.consent.findFirst({ where: { id: request.target, patientId: patient.patientId, orgId: patient.orgId } })
    if (!consent) return deny(new AppError('NOT_FOUND', 'Consent not found'))
    if (consent.revokedAt) return deny(new AppError('CONFLICT', 'This consent is already revoked'))
    const revoked = await tx.consent.update({ where: { id: consent.id }, data: { revokedAt: now, revokedReason: 'PATIENT', revocationJwt: request.jwt } })
    await appendAuditEntry(tx, { ...event, decision: 'DONE', details: { consentId: consent.id, grantee: consent.granteeDid } })
    return { consent: revoked }
  })
  if ('error' in outcome) throw outcome.error
  return outcome.consent
}
