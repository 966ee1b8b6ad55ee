/** The latest version of a patient's records in some categories, unsealed and integrity-checked (inside the caller's transaction). */
import type { DbTx } from '../../db.js'
import { AppError } from '../../errors.js'
import { unwrapDataKey } from './data-keys.js'
import { openRecordVersion } from './record-crypto.js'

export interface ClinicalRecordView {
  id: string
  category: string
  resourceType: string
  version: number
  resource: Record<string, unknown>
  contentHash: string
  recordedAt: Date
}

export async function loadRecords(
  tx: DbTx,
  masterKey: Buffer,
  patient: { id: string; orgId: string; wrappedDataKey: string | null; erasedAt: Date | null },
  categories: string[],
): Promise<ClinicalRecordView[]> {
  if (categories.length === 0) return []
  const records = await tx.patientRecord.findMany({
    where: { patientId: patient.id, orgId: patient.orgId, category: { in: categories } },
    orderBy: [{ category: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
  })
  if (records.length === 0) return []
  const dataKey = unwrapDataKey(masterKey, patient)
  try {
    const versions = await tx.recordVersion.findMany({ where: { patientId: patient.id, OR: records.map((r) => ({ recordId: r.id, version: r.version })) } })
    return records.map((r) => {
      const v = versions.find((x) => x.recordId === r.id && x.version === r.version)
      if (!v) throw new AppError('INTEGRITY_FAILED', `Record ${r.id} has lost its version ${r.version}; nothing was returned`)
      const resource = openRecordVersion(dataKey, { patientId: patient.id, recordId: r.id, version: r.version }, v)
      return { id: r.id, category: r.category, resourceType: r.resourceType, version: r.version, resource: { ...resource, id: r.id }, contentHash: v.contentHash, recordedAt: v.createdAt }
    })
  } finally {
    dataKey.fill(0)
  }
}
