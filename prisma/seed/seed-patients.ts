/**
 * Seed functions for the records gate: a patient registered at a hospital (identity credential issued to the
 * patient's own DID) with records. Reused by tests, e2e fixtures and the demo.
 */
import crypto from 'node:crypto'
import type { Platform } from '../../server/src/platform.js'
import type { RecordCategory } from '../../server/src/domain/credentials/credential-types.js'
import { registerPatient } from '../../server/src/domain/patients/register-patient.js'
import { addRecord } from '../../server/src/domain/records/write-record.js'
import type { SampleRecords } from './sample-records.js'

const SEED_ACTOR = { actorType: 'SYSTEM' as const, actor: 'seed' }

export async function seedPatient(
  p: Pick<Platform, 'db' | 'agent' | 'config' | 'resolver' | 'chain' | 'masterKey'>,
  args: { hospitalId: string; did: string; name?: string; birthDate?: string; medicalRecordNumber?: string },
) {
  const existing = await p.db.patient.findUnique({ where: { orgId_did: { orgId: args.hospitalId, did: args.did } } })
  if (existing) {
    const credential = await p.db.issuedCredential.findUniqueOrThrow({ where: { id: existing.identityCredentialId } })
    return { patient: existing, identityJwt: credential.jwt, created: false }
  }
  const { patient, credential } = await registerPatient(p, {
    orgId: args.hospitalId,
    actor: SEED_ACTOR,
    input: {
      subjectDid: args.did,
      name: args.name ?? 'Pat Test',
      birthDate: args.birthDate ?? '1984-07-19',
      medicalRecordNumber: args.medicalRecordNumber ?? `MRN-${crypto.randomBytes(4).toString('hex').toUpperCase()}`,
    },
  })
  return { patient, identityJwt: credential.jwt, created: true }
}

/** Adds records (one call per resource); returns their ids by category. */
export async function seedRecords(p: Pick<Platform, 'db' | 'masterKey'>, args: { hospitalId: string; patientId: string; records: Partial<SampleRecords> }) {
  const ids: Partial<Record<RecordCategory, string[]>> = {}
  for (const [category, resources] of Object.entries(args.records) as Array<[RecordCategory, Array<Record<string, unknown>>]>) {
    for (const resource of resources) {
      const record = await addRecord(p, { orgId: args.hospitalId, actor: SEED_ACTOR, patientId: args.patientId, category, resource: JSON.stringify(resource) })
      ;(ids[category] ??= []).push(record.id)
    }
  }
  return ids
}
