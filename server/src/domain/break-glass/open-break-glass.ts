/**
 * Break-glass: a clinician with a verified session opens a patient's emergency summary (allergies,
 * medications, conditions, as far as their staff privilege covers them) without consent, by stating a reason.
 * The window is time-boxed (BREAK_GLASS_WINDOW_MS; reads inside it are granted with basis BREAK_GLASS), flagged
 * for the privacy officer's review, and its audit entry (records.break_glass GRANTED) raises the hospital's
 * critical alert and appears in the patient's access log, with the reason. Window, summary read and audit
 * entry commit together.
 */
import type { Db } from '../../db.js'
import { AppError, isAppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { VerifiedClinician } from '../did-sessions/session-types.js'
import { auditDenial } from '../records/audit-denial.js'
import { loadRecords, type ClinicalRecordView } from '../records/load-records.js'
import { isIdShaped } from '../records/id-shape.js'
import { BREAK_GLASS_WINDOW_MS, BreakGlassReason, EMERGENCY_CATEGORIES } from './break-glass-policy.js'

export async function openBreakGlass(deps: { db: Db; masterKey: Buffer }, args: { clinician: VerifiedClinician; patientId: unknown; reason: unknown; now?: Date }) {
  const now = args.now ?? new Date()
  const { clinician } = args
  const guessed = typeof args.patientId === 'string' ? args.patientId.slice(0, 100) : null
  const event = { actorType: 'DID' as const, actor: clinician.did, orgId: clinician.orgId, action: 'records.break_glass', subjectType: 'PATIENT', subject: guessed, at: now, details: { sessionId: clinician.sessionId } }
  const reason = BreakGlassReason.safeParse(args.reason)
  if (!reason.success) return auditDenial(deps.db, event, validationError(reason.error.issues.map((i) => ({ ...i, path: ['reason'] }))))
  const patient = isIdShaped(args.patientId) ? await deps.db.patient.findFirst({ where: { id: args.patientId, orgId: clinician.orgId } }) : null
  if (!patient) return auditDenial(deps.db, event, new AppError('NOT_FOUND', 'Patient not found'))
  if (patient.erasedAt) return auditDenial(deps.db, { ...event, subject: patient.id }, new AppError('RECORDS_ERASED', "This patient's records were erased"))
  const categories = EMERGENCY_CATEGORIES.filter((c) => clinician.categories.includes(c))
  if (categories.length === 0) return auditDenial(deps.db, { ...event, subject: patient.id }, new AppError('FORBIDDEN', 'Your staff privileges cover none of the emergency summary'))

  const outcome = await deps.db.$transaction(async (tx): Promise<{ error: AppError } | { value: { window: { id: string; openedAt: Date; expiresAt: Date; categories: string[]; reason: string }; records: ClinicalRecordView[] } }> => {
    const live = await tx.patient.findFirst({ where: { id: patient.id, orgId: clinician.orgId } })
    let records: ClinicalRecordView[]
    try {
      if (!live || live.erasedAt) throw new AppError('RECORDS_ERASED', "This patient's records were erased")
      records = await loadRecords(tx, deps.masterKey, live, [...categories])
    } catch (error) {
      if (!isAppError(error)) throw error
      await appendAuditEntry(tx, { ...event, subject: patient.id, decision: 'DENIED', reasonCode: error.code })
      return { error }
    }
    const window = await tx.breakGlassAccess.create({
      data: {
        orgId: clinician.orgId,
        patientId: patient.id,
        clinicianDid: clinician.did,
        clinicianName: clinician.name,
        sessionId: clinician.sessionId,
        reason: reason.data,
        categories: categories.join(','),
        openedAt: now,
        expiresAt: new Date(now.getTime() + BREAK_GLASS_WINDOW_MS),
      },
    })
    await appendAuditEntry(tx, {
      ...event,
      subject: patient.id,
      decision: 'GRANTED',
      details: { sessionId: clinician.sessionId, breakGlassId: window.id, categories: [...categories], records: records.map((r) => r.id).slice(0, 50), expiresAt: window.expiresAt.toISOString() },
    })
    return { value: { window: { id: window.id, openedAt: window.openedAt, expiresAt: window.expiresAt, categories: [...categories], reason: window.reason }, records } }
  })
  if ('error' in outcome) throw outcome.error
  return { patientId: patient.id, ...outcome.value }
}
