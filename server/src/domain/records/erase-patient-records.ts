/**
 * Erasure (GDPR art. 17), on the patient's signed request (action "records.erase", target = patient id; see
 * patients/verify-patient-request.ts), submitted by the patient or by the hospital on the patient's behalf.
 * Crypto-shredding: the wrapped data key and the sealed demographics are destroyed and every record version's
 * ciphertext deleted, so nothing is readable again, even from a copy of the database that still holds old
 * ciphertexts. Consents are revoked and break-glass windows closed; free text about the patient (break-glass
 * reasons, review notes, consent purposes) is erased. The audit keeps the fact (counts, who asked),
 * never content. Challenge consumption, erasure and audit commit together; a second erasure is a CONFLICT.
 */
import type { Resolvable } from 'did-resolver'
import type { Db } from '../../db.js'
import { AppError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import type { VerifiedPatient } from '../did-sessions/session-types.js'
import { verifyPatientRequest, type PatientRequest } from '../patients/verify-patient-request.js'
import { consumeChallenge } from '../verification/challenges.js'
import { CheckFailure } from '../verification/report.js'
import { auditDenial } from './audit-denial.js'

const ERASED = '[erased]'

export type ErasureRequester = { kind: 'patient'; patient: VerifiedPatient } | { kind: 'staff'; orgId: string; accountId: string; patientId: string }

export async function erasePatientRecords(deps: { db: Db; resolver: Resolvable; config: { publicUrl: string } }, args: { request: string; by: ErasureRequester; now?: Date }) {
  const now = args.now ?? new Date()
  const { by } = args
  const orgId = by.kind === 'patient' ? by.patient.orgId : by.orgId
  const actor: AuditActor = by.kind === 'patient' ? { actorType: 'DID', actor: by.patient.did } : { actorType: 'STAFF', actor: by.accountId }
  const claimed = by.kind === 'patient' ? by.patient.patientId : typeof by.patientId === 'string' ? by.patientId.slice(0, 100) : null
  const event = { ...actor, orgId, action: 'records.erase', subjectType: 'PATIENT', subject: claimed, at: now }
  let request: PatientRequest
  try {
    request = await verifyPatientRequest(deps, { request: args.request, action: 'records.erase', now })
  } catch (error) {
    if (error instanceof CheckFailure) return auditDenial(deps.db, event, new AppError(error.code, `The erasure request does not verify: ${error.message}`))
    throw error
  }
  if (request.hospital.id !== orgId) return auditDenial(deps.db, event, new AppError('DOMAIN_MISMATCH', 'the erasure request was made for another hospital'))
  if (request.target !== claimed) return auditDenial(deps.db, event, new AppError('NOT_FOUND', 'Patient not found'))
  const patient = await deps.db.patient.findFirst({ where: { id: request.target, orgId } })
  if (!patient) return auditDenial(deps.db, event, new AppError('NOT_FOUND', 'Patient not found'))
  if (request.did !== patient.did) return auditDenial(deps.db, event, new AppError('HOLDER_MISMATCH', "an erasure must be requested by the patient's own signature"))

  const outcome = await deps.db.$transaction(async (tx) => {
    const deny = async (error: AppError) => {
      await appendAuditEntry(tx, { ...event, decision: 'DENIED', reasonCode: error.code })
      return { error }
    }
    try {
      await consumeChallenge(tx, { challenge: request.challenge, now })
    } catch (error) {
      if (error instanceof CheckFailure) return deny(new AppError(error.code, error.message))
      throw error
    }
    // The conditional update is the row lock that orders this erasure against concurrent writes and reads.
    const { count } = await tx.patient.updateMany({ where: { id: patient.id, erasedAt: null }, data: { wrappedDataKey: null, profile: null, erasedAt: now } })
    if (count !== 1) return deny(new AppError('CONFLICT', "This patient's records were already erased"))
    const versions = await tx.recordVersion.deleteMany({ where: { patientId: patient.id } })
    const records = await tx.patientRecord.deleteMany({ where: { patientId: patient.id } })
    const consents = await tx.consent.updateMany({ where: { patientId: patient.id, revokedAt: null }, data: { revokedAt: now, revokedReason: 'ERASURE' } })
    const breakGlass = await tx.breakGlassAccess.updateMany({ where: { patientId: patient.id, expiresAt: { gt: now } }, data: { expiresAt: now } })
    // Free text written about this patient (break-glass reasons and review notes, consent purposes and the
    // signed consents that carry them) may describe their health: erased too. The consents' hashes stay, so
    // none can be submitted again.
    await tx.breakGlassAccess.updateMany({ where: { patientId: patient.id }, data: { reason: ERASED, reviewNote: null } })
    await tx.consent.updateMany({ where: { patientId: patient.id }, data: { purpose: ERASED, jwt: ERASED, revocationJwt: null } })
    const result = { patientId: patient.id, erasedAt: now, records: records.count, versions: versions.count, consentsRevoked: consents.count }
    await appendAuditEntry(tx, {
      ...event,
      subject: patient.id,
      decision: 'DONE',
      details: { records: records.count, versions: versions.count, consentsRevoked: consents.count, breakGlassClosed: breakGlass.count, requestedBy: request.did, via: by.kind === 'patient' ? 'PATIENT' : 'HOSPITAL' },
    })
    return { result }
  })
  if ('error' in outcome) throw outcome.error
  return outcome.result
}
