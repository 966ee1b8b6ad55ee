/**
 * The records gate for reads. A clinician (session already re-checked) gets, for one patient of their
 * hospital, only the categories decided in decide-record-access.ts: everything else is absent from the answer
 * (listed as denied with its code, never as redacted content). A patient reads their own records. The decision
 * is taken again inside the transaction that unseals the records and writes the audit entry, so a consent
 * revoked or an erasure committed a moment earlier is honoured. Unknown patients, patients of other hospitals
 * and malformed ids answer NOT_FOUND; every denial is audited with its code.
 */
import type { Db, DbTx } from '../../db.js'
import { AppError, isAppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { RECORD_CATEGORIES, type RecordCategory } from '../credentials/credential-types.js'
import type { VerifiedClinician, VerifiedPatient } from '../did-sessions/session-types.js'
import type { Verifier } from '../verification/verifier.js'
import { z } from 'zod'
import { auditDenial } from './audit-denial.js'
import { isIdShaped } from './id-shape.js'
import { decideClinicianAccess, mainDenialCode, type CategoryDecision } from './decide-record-access.js'
import { loadRecords, type ClinicalRecordView } from './load-records.js'

export interface RecordsView {
  patientId: string
  records: ClinicalRecordView[]
  granted: Array<Extract<CategoryDecision, { granted: true }>>
  denied: Array<Extract<CategoryDecision, { granted: false }>>
}

export interface ReadDeps {
  db: Db
  verifier: Verifier
  masterKey: Buffer
}

const Categories = z
  .array(z.enum(RECORD_CATEGORIES))
  .max(RECORD_CATEGORIES.length)
  .refine((c) => new Set(c).size === c.length, 'categories must not repeat')
  .optional()
  .nullable()

export async function readRecordsAsClinician(deps: ReadDeps, args: { clinician: VerifiedClinician; patientId: unknown; categories?: unknown; now?: Date }): Promise<RecordsView> {
  const now = args.now ?? new Date()
  const { clinician } = args
  const actor: AuditActor = { actorType: 'DID', actor: clinician.did }
  const event = { ...actor, orgId: clinician.orgId, action: 'records.read', subjectType: 'PATIENT', at: now }
  const guessed = typeof args.patientId === 'string' ? args.patientId.slice(0, 100) : null
  const parsed = Categories.safeParse(args.categories)
  if (!parsed.success) return auditDenial(deps.db, { ...event, subject: guessed, details: { sessionId: clinician.sessionId } }, validationError(parsed.error.issues.map((i) => ({ ...i, path: ['categories', ...i.path] }))))
  const patient = isIdShaped(args.patientId) ? await deps.db.patient.findFirst({ where: { id: args.patientId, orgId: clinician.orgId } }) : null
  if (!patient) return auditDenial(deps.db, { ...event, subject: guessed, details: { sessionId: clinician.sessionId } }, new AppError('NOT_FOUND', 'Patient not found'))
  if (patient.erasedAt) return auditDenial(deps.db, { ...event, subject: patient.id, details: { sessionId: clinician.sessionId } }, new AppError('RECORDS_ERASED', "This patient's records were erased"))

  const explicit = parsed.data ?? undefined
  const requested: RecordCategory[] = explicit ?? RECORD_CATEGORIES.filter((c) => clinician.categories.includes(c))
  const decisions = await decideClinicianAccess(deps, { clinician, patient, requested, now })
  return openRecords(deps, { event: { ...event, subject: patient.id }, patientId: patient.id, orgId: clinician.orgId, sessionId: clinician.sessionId, decisions, explicit: explicit !== undefined, now })
}

export async function readRecordsAsPatient(deps: Omit<ReadDeps, 'verifier'>, args: { patient: VerifiedPatient; categories?: unknown; now?: Date }): Promise<RecordsView> {
  const now = args.now ?? new Date()
  const { patient } = args
  const event = { actorType: 'DID' as const, actor: patient.did, orgId: patient.orgId, action: 'records.read', subjectType: 'PATIENT', subject: patient.patientId, at: now }
  const parsed = Categories.safeParse(args.categories)
  if (!parsed.success) return auditDenial(deps.db, { ...event, details: { sessionId: patient.sessionId } }, validationError(parsed.error.issues.map((i) => ({ ...i, path: ['categories', ...i.path] }))))
  const requested = parsed.data ?? [...RECORD_CATEGORIES]
  const decisions: CategoryDecision[] = requested.map((category) => ({ category, granted: true, basis: 'SELF' }))
  return openRecords(deps, { event, patientId: patient.patientId, orgId: patient.orgId, sessionId: patient.sessionId, decisions, explicit: parsed.data != null, now })
}

async function openRecords(
  deps: Pick<ReadDeps, 'db' | 'masterKey'>,
  args: {
    event: AuditActor & { orgId: string; action: string; subjectType: string; subject: string; at: Date }
    patientId: string
    orgId: string
    sessionId: string
    decisions: CategoryDecision[]
    explicit: boolean
    now: Date
  },
): Promise<RecordsView> {
  const { event, now } = args
  const outcome = await deps.db.$transaction(async (tx): Promise<{ view: RecordsView } | { error: AppError }> => {
    const deny = async (error: AppError, details: Record<string, string | string[]> = {}) => {
      await appendAuditEntry(tx, { ...event, decision: 'DENIED', reasonCode: error.code, details: { sessionId: args.sessionId, ...details } })
      return { error }
    }
    const patient = await tx.patient.findFirst({ where: { id: args.patientId, orgId: args.orgId } })
    if (!patient) return deny(new AppError('NOT_FOUND', 'Patient not found'))
    if (patient.erasedAt) return deny(new AppError('RECORDS_ERASED', "This patient's records were erased"))
    const decisions = await stillInForce(tx, args.decisions, now)
    const granted = decisions.filter((d): d is Extract<CategoryDecision, { granted: true }> => d.granted)
    const denied = decisions.filter((d): d is Extract<CategoryDecision, { granted: false }> => !d.granted)
    const deniedDetails = { categories: denied.map((d) => d.category), codes: denied.map((d) => d.code) }
    if (granted.length === 0) {
      const code = mainDenialCode(decisions)
      return deny(new AppError(code, denialMessage(code), { denied: denied.map((d) => ({ category: d.category, code: d.code })) }), deniedDetails)
    }
    let records: ClinicalRecordView[]
    try {
      records = await loadRecords(tx, deps.masterKey, patient, granted.map((g) => g.category))
    } catch (error) {
      if (isAppError(error) && (error.code === 'INTEGRITY_FAILED' || error.code === 'RECORDS_ERASED')) return deny(error, { categories: granted.map((g) => g.category) })
      throw error
    }
    await appendAuditEntry(tx, {
      ...event,
      decision: 'GRANTED',
      details: {
        sessionId: args.sessionId,
        basis: [...new Set(granted.map((g) => g.basis))],
        categories: granted.map((g) => g.category),
        consentIds: [...new Set(granted.flatMap((g) => (g.basis === 'CONSENT' ? [g.consentId] : [])))],
        breakGlassIds: [...new Set(granted.flatMap((g) => (g.basis === 'BREAK_GLASS' ? [g.breakGlassId] : [])))],
        records: records.map((r) => r.id).slice(0, 50),
      },
    })
    // Categories asked for by name and refused are a denial of their own (and raise the records alert).
    if (args.explicit && denied.length > 0) {
      await appendAuditEntry(tx, { ...event, decision: 'DENIED', reasonCode: mainDenialCode(denied), details: { sessionId: args.sessionId, ...deniedDetails } })
    }
    return { view: { patientId: patient.id, records, granted, denied } }
  })
  if ('error' in outcome) throw outcome.error
  return outcome.view
}

/** Consents relied on must still be in force inside the reading transaction (a revocation a moment ago wins). */
async function stillInForce(tx: DbTx, decisions: CategoryDecision[], now: Date): Promise<CategoryDecision[]> {
  const ids = [...new Set(decisions.flatMap((d) => (d.granted && d.basis === 'CONSENT' ? [d.consentId] : [])))]
  if (ids.length === 0) return decisions
  const live = await tx.consent.findMany({ where: { id: { in: ids } }, select: { id: true, revokedAt: true, validUntil: true } })
  return decisions.map((d) => {
    if (!d.granted || d.basis !== 'CONSENT') return d
    const c = live.find((x) => x.id === d.consentId)
    if (c && !c.revokedAt && c.validUntil > now) return d
    return { category: d.category, granted: false, code: c && !c.revokedAt ? 'CONSENT_EXPIRED' : 'CONSENT_REVOKED' }
  })
}

function denialMessage(code: string): string {
  switch (code) {
    case 'CONSENT_REVOKED':
      return 'The patient revoked their consent'
    case 'CONSENT_EXPIRED':
      return "The patient's consent has expired"
    case 'CONSENT_MISSING':
      return 'No consent from this patient covers these records'
    case 'FORBIDDEN':
      return 'Your staff privileges do not cover these records'
    default:
      return `Access denied (${code})`
  }
}
