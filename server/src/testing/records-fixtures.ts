/**
 * A records world for tests: the credential world (anchor, accredited board, hospital, clinician with licence
 * and privileges for allergies, medications and conditions), a privacy officer, and a patient holding their own
 * key, registered at the hospital with one record per category. Plus the patient's wallet operations (consent,
 * signed requests) and sign-in helpers over the domain functions. Real chain, real database.
 */
import { seedStaff } from '../../../prisma/seed/seed-functions.js'
import { seedPatient, seedRecords } from '../../../prisma/seed/seed-patients.js'
import { sampleRecords } from '../../../prisma/seed/sample-records.js'
import { signInClinician } from '../domain/clinician-sessions/sign-in-clinician.js'
import type { RecordCategory } from '../domain/credentials/credential-types.js'
import { issueAccessChallenge } from '../domain/did-sessions/access-challenges.js'
import { signInPatient } from '../domain/patients/sign-in-patient.js'
import type { Platform } from '../platform.js'
import { HolderWallet } from '../wallet/holder-wallet.js'
import { seedCredentialWorld } from './credential-fixtures.js'

export async function seedRecordsWorld(p: Platform) {
  const world = await seedCredentialWorld(p)
  const privacyOfficer = await seedStaff(p, { orgId: world.hospital.id, roles: ['PRIVACY_OFFICER'] })
  const patient = await seedPatientWithRecords(p, world.hospital.id, 'Carla Test')
  return { ...world, privacyOfficer, patient }
}

export async function seedPatientWithRecords(p: Platform, hospitalId: string, name: string) {
  const { wallet } = HolderWallet.create(p.chain.didPrefix)
  const { patient, identityJwt } = await seedPatient(p, { hospitalId, did: wallet.did, name })
  const one = Object.fromEntries(Object.entries(sampleRecords('a')).map(([c, list]) => [c, list.slice(0, 1)]))
  const recordIds = await seedRecords(p, { hospitalId, patientId: patient.id, records: one })
  return { wallet, id: patient.id, did: wallet.did, identityJwt, recordIds }
}

/** The patient's wallet signs a PatientConsentCredential (issuer = the patient). */
export function signConsent(
  wallet: HolderWallet,
  args: { grantee: string; custodian: string; categories: RecordCategory[] | string[]; purpose?: string; validFrom?: Date; validUntil?: Date; extra?: Record<string, unknown> },
): Promise<string> {
  return wallet.issue({
    type: ['VerifiableCredential', 'PatientConsentCredential'],
    subject: { id: args.grantee, recordCategories: args.categories, purpose: args.purpose ?? 'treatment', custodian: args.custodian, ...args.extra },
    validFrom: args.validFrom ?? new Date(),
    ...(args.validUntil ? { validUntil: args.validUntil } : {}),
  })
}

/** A patient's signed request (consent.revoke / records.erase) for a fresh patient-request challenge. */
export async function signPatientRequest(p: Platform, wallet: HolderWallet, args: { hospitalId: string; action: string; target: string; domain?: string }) {
  const c = await issueAccessChallenge(p, { hospitalId: args.hospitalId, purpose: 'patient-request' })
  return wallet.authProof(c.challenge, args.domain ?? c.domain, { action: args.action, target: args.target })
}

export async function clinicianSignIn(p: Platform, wallet: HolderWallet, credentials: string[], hospitalId: string) {
  const c = await issueAccessChallenge(p, { hospitalId, purpose: 'clinician-sign-in' })
  return signInClinician(p, { presentation: await wallet.present(credentials, c.challenge, c.domain), challenge: c.challenge, ip: '127.0.0.1' })
}

export async function patientSignIn(p: Platform, wallet: HolderWallet, identityJwt: string, hospitalId: string) {
  const c = await issueAccessChallenge(p, { hospitalId, purpose: 'patient-sign-in' })
  return signInPatient(p, { presentation: await wallet.present([identityJwt], c.challenge, c.domain), challenge: c.challenge, ip: '127.0.0.1' })
}
