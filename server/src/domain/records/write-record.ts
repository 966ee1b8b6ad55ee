/**
 * Hospital staff add a record to a patient, or a new version of one: the resource (FHIR-shaped JSON for its
 * category) is size-checked (PAYLOAD_TOO_LARGE past MAX_RECORD_BYTES), parsed strictly, validated, sealed
 * under the patient's data key with its keyed content hash, and stored with its audit entry in one
 * transaction. Another hospital's patient or record is NOT_FOUND; an erased patient takes no new records.
 */
import crypto from 'node:crypto'
import type { Db, DbTx } from '../../db.js'
import { AppError, isAppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { RECORD_CATEGORIES, type RecordCategory } from '../credentials/credential-types.js'
import { parseStrictJson } from '../verification/strict-json.js'
import { auditDenial } from './audit-denial.js'
import { isIdShaped } from './id-shape.js'
import { unwrapDataKey } from './data-keys.js'
import { MAX_RECORD_BYTES, RESOURCE_SCHEMAS, RESOURCE_TYPE_BY_CATEGORY } from './fhir-resources.js'
import { sealRecordVersion } from './record-crypto.js'

export interface WriteDeps {
  db: Db
  masterKey: Buffer
}

export interface WriteArgs {
  orgId: string
  actor: AuditActor
  now?: Date
}

export async function addRecord(deps: WriteDeps, args: WriteArgs & { patientId: unknown; category: unknown; resource: unknown }) {
  const now = args.now ?? new Date()
  const event = { ...args.actor, orgId: args.orgId, action: 'records.write', subjectType: 'PATIENT', subject: typeof args.patientId === 'string' ? args.patientId.slice(0, 100) : null, at: now }
  const category = RECORD_CATEGORIES.find((c) => c === args.category)
  if (!category) return auditDenial(deps.db, event, new AppError('VALIDATION_FAILED', `category must be one of ${RECORD_CATEGORIES.join(', ')}`, { fields: [{ field: 'category', message: `must be one of ${RECORD_CATEGORIES.join(', ')}` }] }))
  const resource = await checkResource(deps.db, event, category, args.resource)
  const patient = isIdShaped(args.patientId) ? await deps.db.patient.findFirst({ where: { id: args.patientId, orgId: args.orgId } }) : null
  if (!patient) return auditDenial(deps.db, event, new AppError('NOT_FOUND', 'Patient not found'))
  if (patient.erasedAt) return auditDenial(deps.db, event, new AppError('RECORDS_ERASED', "This patient's records were erased"))
  const recordId = crypto.randomUUID()
  return refuseRaces(deps.db, { ...event, subject: patient.id }, () =>
    deps.db.$transaction(async (tx) => {
      const live = await lockLivePatient(tx, patient.id)
      const record = await tx.patientRecord.create({
        data: { id: recordId, orgId: args.orgId, patientId: patient.id, category, resourceType: RESOURCE_TYPE_BY_CATEGORY[category], version: 1, createdAt: now, updatedAt: now },
      })
      const version = await storeVersion(tx, deps.masterKey, live, { recordId, version: 1, resource, createdBy: args.actor.actor, now })
      await appendAuditEntry(tx, { ...event, subject: patient.id, decision: 'DONE', details: { recordId, category, version: 1, sizeBytes: version.sizeBytes } })
      return { ...record, contentHash: version.contentHash }
    }),
  )
}

export async function updateRecord(deps: WriteDeps, args: WriteArgs & { recordId: unknown; resource: unknown }) {
  const now = args.now ?? new Date()
  const event = { ...args.actor, orgId: args.orgId, action: 'records.write', subjectType: 'RECORD', subject: typeof args.recordId === 'string' ? args.recordId.slice(0, 100) : null, at: now }
  const record = isIdShaped(args.recordId) ? await deps.db.patientRecord.findFirst({ where: { id: args.recordId, orgId: args.orgId }, include: { patient: true } }) : null
  if (!record) return auditDenial(deps.db, event, new AppError('NOT_FOUND', 'Record not found'))
  const onPatient = { ...event, subjectType: 'PATIENT', subject: record.patientId, details: { recordId: record.id } }
  const resource = await checkResource(deps.db, onPatient, record.category as RecordCategory, args.resource)
  if (record.patient.erasedAt) return auditDenial(deps.db, onPatient, new AppError('RECORDS_ERASED', "This patient's records were erased"))
  return refuseRaces(deps.db, onPatient, () =>
    deps.db.$transaction(async (tx) => {
      const live = await lockLivePatient(tx, record.patientId)
      const { count } = await tx.patientRecord.updateMany({ where: { id: record.id, version: record.version }, data: { version: record.version + 1, updatedAt: now } })
      if (count !== 1) throw new AppError('CONFLICT', 'The record changed concurrently; reload and try again')
      const version = await storeVersion(tx, deps.masterKey, live, { recordId: record.id, version: record.version + 1, resource, createdBy: args.actor.actor, now })
      await appendAuditEntry(tx, { ...onPatient, decision: 'DONE', details: { recordId: record.id, category: record.category, version: record.version + 1, sizeBytes: version.sizeBytes } })
      const { patient: _patient, ...row } = record
      void _patient
      return { ...row, version: record.version + 1, updatedAt: now, contentHash: version.contentHash }
    }),
  )
}

/**
 * Takes the patient's row lock (a conditional no-op update) so that an erasure and a write cannot interleave:
 * whichever commits second sees the other. RECORDS_ERASED when the erasure won.
 */
async function lockLivePatient(tx: DbTx, patientId: string) {
  const { count } = await tx.patient.updateMany({ where: { id: patientId, erasedAt: null }, data: { erasedAt: null } })
  const live = count === 1 ? await tx.patient.findUnique({ where: { id: patientId } }) : null
  if (!live || live.erasedAt) throw new AppError('RECORDS_ERASED', "This patient's records were erased")
  return live
}

/** A write that lost a race (erasure, concurrent version) is refused like any other: audited with its code. */
async function refuseRaces<T>(db: Db, event: Parameters<typeof auditDenial>[1], run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (isAppError(error) && (error.code === 'RECORDS_ERASED' || error.code === 'CONFLICT')) return auditDenial(db, event, error)
    throw error
  }
}

async function checkResource(db: Db, event: Parameters<typeof auditDenial>[1], category: RecordCategory, raw: unknown): Promise<Record<string, unknown>> {
  if (typeof raw !== 'string') return auditDenial(db, event, new AppError('VALIDATION_FAILED', 'resource must be a JSON string'))
  if (Buffer.byteLength(raw, 'utf8') > MAX_RECORD_BYTES) return auditDenial(db, event, new AppError('PAYLOAD_TOO_LARGE', `A record is at most ${MAX_RECORD_BYTES / 1024} KiB`, { maxBytes: MAX_RECORD_BYTES }))
  let json: unknown
  try {
    json = parseStrictJson(raw)
  } catch (error) {
    return auditDenial(db, event, new AppError('VALIDATION_FAILED', `resource is not valid JSON: ${(error as Error).message}`, { fields: [{ field: 'resource', message: 'must be a JSON object' }] }))
  }
  const parsed = RESOURCE_SCHEMAS[category].safeParse(json)
  if (!parsed.success) return auditDenial(db, event, validationError(parsed.error.issues.map((i) => ({ ...i, path: ['resource', ...i.path] }))))
  return parsed.data
}

async function storeVersion(
  tx: DbTx,
  masterKey: Buffer,
  patient: { id: string; wrappedDataKey: string | null; erasedAt: Date | null },
  v: { recordId: string; version: number; resource: Record<string, unknown>; createdBy: string; now: Date },
) {
  const dataKey = unwrapDataKey(masterKey, patient)
  try {
    const sealed = sealRecordVersion(dataKey, { patientId: patient.id, recordId: v.recordId, version: v.version }, v.resource)
    await tx.recordVersion.create({ data: { recordId: v.recordId, patientId: patient.id, version: v.version, ...sealed, createdBy: v.createdBy, createdAt: v.now } })
    return sealed
  } finally {
    dataKey.fill(0)
  }
}
