/**
 * Sealing and opening one record version. The resource (canonical JSON) is encrypted with AES-256-GCM under
 * the patient's data key; the AAD binds it to patient id, record id and version, so a ciphertext moved to
 * another row or version does not open. A keyed content hash (HMAC-SHA256 under a sub-key of the data key, so
 * it says nothing about content to someone holding only the database) is stored beside it and checked on every
 * read. Any mismatch is INTEGRITY_FAILED: a read never returns garbage.
 */
import crypto from 'node:crypto'
import { DecryptionError, openAesGcm, sealAesGcm } from '../../../../agent-config/src/stores/master-key.js'
import { canonicalJson } from '../../canonical-json.js'
import { AppError } from '../../errors.js'

export interface RecordVersionRef {
  patientId: string
  recordId: string
  version: number
}

function aad(ref: RecordVersionRef): string {
  return `record:${ref.patientId}:${ref.recordId}:${ref.version}`
}

export function recordContentHash(dataKey: Buffer, ref: RecordVersionRef, canonical: string): string {
  const hashKey = Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.alloc(0), 'credgate:record-content-hash:v1', 32))
  return crypto.createHmac('sha256', hashKey).update(`${aad(ref)}\n${canonical}`).digest('hex')
}

export function sealRecordVersion(dataKey: Buffer, ref: RecordVersionRef, resource: unknown): { ciphertext: string; contentHash: string; sizeBytes: number } {
  const canonical = canonicalJson(resource)
  const plaintext = Buffer.from(canonical, 'utf8')
  return { ciphertext: sealAesGcm(dataKey, plaintext, aad(ref)), contentHash: recordContentHash(dataKey, ref, canonical), sizeBytes: plaintext.length }
}

export function openRecordVersion(dataKey: Buffer, ref: RecordVersionRef, stored: { ciphertext: string; contentHash: string }): Record<string, unknown> {
  let canonical: string
  try {
    canonical = openAesGcm(dataKey, stored.ciphertext, aad(ref)).toString('utf8')
  } catch (error) {
    if (error instanceof DecryptionError) throw integrityFailure(ref)
    throw error
  }
  const expected = Buffer.from(recordContentHash(dataKey, ref, canonical), 'hex')
  const actual = Buffer.from(/^[0-9a-f]{64}$/.test(stored.contentHash) ? stored.contentHash : '', 'hex')
  if (actual.length !== expected.length || !crypto.timingSafeEqual(actual, expected)) throw integrityFailure(ref)
  return JSON.parse(canonical) as Record<string, unknown>
}

function integrityFailure(ref: RecordVersionRef): AppError {
  return new AppError('INTEGRITY_FAILED', `Record ${ref.recordId} version ${ref.version} failed its integrity check; nothing was returned`, { recordId: ref.recordId, version: ref.version })
}
