/**
 * Per-patient data keys: 32 random bytes per patient, stored only wrapped (AES-256-GCM) under the master key's
 * `record-key-wrap` sub-key, with the patient id as AAD (a wrapped key copied to another patient's row does not
 * open). The patient's demographics are sealed under the same data key, so erasure (destroying the wrapped key)
 * shreds them together with the records.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { DecryptionError, deriveKey, openAesGcm, sealAesGcm } from '../../../../agent-config/src/stores/master-key.js'
import { AppError } from '../../errors.js'

export function newDataKey(): Buffer {
  return crypto.randomBytes(32)
}

export function wrapDataKey(masterKey: Buffer, patientId: string, dataKey: Buffer): string {
  return sealAesGcm(deriveKey(masterKey, 'record-key-wrap'), dataKey, `patient-data-key:${patientId}`)
}

/** The patient's data key; RECORDS_ERASED once shredded, INTEGRITY_FAILED when the wrapped key was tampered with. */
export function unwrapDataKey(masterKey: Buffer, patient: { id: string; wrappedDataKey: string | null; erasedAt: Date | null }): Buffer {
  if (patient.erasedAt || !patient.wrappedDataKey) throw new AppError('RECORDS_ERASED', "This patient's records were erased")
  try {
    const key = openAesGcm(deriveKey(masterKey, 'record-key-wrap'), patient.wrappedDataKey, `patient-data-key:${patient.id}`)
    if (key.length !== 32) throw new DecryptionError('wrong key length')
    return key
  } catch (error) {
    if (error instanceof DecryptionError) throw new AppError('INTEGRITY_FAILED', "The patient's data key failed its integrity check")
    throw error
  }
}

export const PatientProfile = z.object({ name: z.string(), birthDate: z.string(), medicalRecordNumber: z.string() })
export type PatientProfile = z.infer<typeof PatientProfile>

export function sealProfile(dataKey: Buffer, patientId: string, profile: PatientProfile): string {
  return sealAesGcm(dataKey, Buffer.from(JSON.stringify(profile), 'utf8'), `patient-profile:${patientId}`)
}

export function openProfile(dataKey: Buffer, patientId: string, sealed: string): PatientProfile {
  try {
    return PatientProfile.parse(JSON.parse(openAesGcm(dataKey, sealed, `patient-profile:${patientId}`).toString('utf8')))
  } catch {
    throw new AppError('INTEGRITY_FAILED', "The patient's profile failed its integrity check")
  }
}

/** Demographics for display, or null when erased (or unreadable: never garbage). */
export function readProfileOrNull(masterKey: Buffer, patient: { id: string; wrappedDataKey: string | null; profile: string | null; erasedAt: Date | null }): PatientProfile | null {
  if (patient.erasedAt || !patient.wrappedDataKey || !patient.profile) return null
  try {
    return openProfile(unwrapDataKey(masterKey, patient), patient.id, patient.profile)
  } catch {
    return null
  }
}
