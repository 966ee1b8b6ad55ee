/**
 * The patients a clinician sees listed (with their demographics) are exactly those whose signed consent is
 * in force now for this clinician or this hospital; every listing is audited once, with identifiers only.
 * Real chain, real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import crypto from 'node:crypto'
import { seedHospital } from '../../../../prisma/seed/seed-functions.js'
import { clinicianSignIn, patientSignIn, seedPatientWithRecords, seedRecordsWorld, signConsent, signPatientRequest } from '../../testing/records-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { HolderWallet } from '../../wallet/holder-wallet.js'
import type { VerifiedClinician } from '../did-sessions/session-types.js'
import { erasePatientRecords } from '../records/erase-patient-records.js'
import { grantConsent } from './grant-consent.js'
import { listConsentedPatients } from './list-consents.js'
import { revokeConsent } from './revoke-consent.js'

describe('patients listed for a clinician', () => {
  let p: TestPlatform
  let w: Awaited<ReturnType<typeof seedRecordsWorld>>
  let clinician: VerifiedClinician
  type Patient = Awaited<ReturnType<typeof seedPatientWithRecords>>
  const consent = async (patient: Patient, args: { grantee?: string; custodian?: string; validFrom?: Date; validUntil?: Date } = {}) => {
    const { patient: session } = await patientSignIn(p, patient.wallet, patient.identityJwt, w.hospital.id)
    const jwt = await signConsent(patient.wallet, { grantee: args.grantee ?? clinician.did, custodian: args.custodian ?? w.hospital.did, categories: ['allergies'], ...(args.validFrom ? { validFrom: args.validFrom } : {}), ...(args.validUntil ? { validUntil: args.validUntil } : {}) })
    return { session, consent: await grantConsent(p, { patient: session, consent: jwt, ...(args.validFrom ? { now: args.validFrom } : {}) }) }
  }
  const listings = () => p.db.auditEntry.findMany({ where: { action: 'records.list_consented', actor: clinician.did }, orderBy: { seq: 'asc' } })

  beforeAll(async () => {
    p = await startTestPlatform()
    w = await seedRecordsWorld(p)
    ;({ clinician } = await clinicianSignIn(p, w.clinician, [w.license.jwt, w.privilege.jwt], w.hospital.id))
  })
  afterAll(async () => {
    await p?.destroy()
  })

  it('lists only patients whose signed consent is in force now, and audits each listing once with identifiers only', async () => {
    const before = (await listings()).length
    const t0 = new Date(Math.floor(Date.now() / 1000) * 1000)
    const inForce = await seedPatientWithRecords(p, w.hospital.id, 'Ina Inforce')
    await consent(inForce)
    const forHospital = await seedPatientWithRecords(p, w.hospital.id, 'Hal Hospital')
    await consent(forHospital, { grantee: w.hospital.did })
    const revoked = await seedPatientWithRecords(p, w.hospital.id, 'Rex Revoked')
    const { session, consent: toRevoke } = await consent(revoked)
    await revokeConsent(p, { patient: session, request: await signPatientRequest(p, revoked.wallet, { hospitalId: w.hospital.id, action: 'consent.revoke', target: toRevoke.id }) })
    const expiring = await seedPatientWithRecords(p, w.hospital.id, 'Eve Expiring')
    await consent(expiring, { validUntil: new Date(t0.getTime() + 2 * 3600_000) })
    const scheduled = await seedPatientWithRecords(p, w.hospital.id, 'Sam Scheduled')
    await consent(scheduled, { validFrom: new Date(t0.getTime() + 3600_000) }) // granted ahead of time, in force in an hour
    const otherClinician = await seedPatientWithRecords(p, w.hospital.id, 'Oto Otherclin')
    await consent(otherClinician, { grantee: HolderWallet.create(p.chain.didPrefix).wallet.did })
    const erased = await seedPatientWithRecords(p, w.hospital.id, 'Ern Erased')
    const { session: erasedSession } = await consent(erased)
    await erasePatientRecords(p, { request: await signPatientRequest(p, erased.wallet, { hospitalId: w.hospital.id, action: 'records.erase', target: erased.id }), by: { kind: 'patient', patient: erasedSession } })

    const listed = await listConsentedPatients(p, { clinician, now: new Date(t0.getTime() + 30 * 60_000) })
    expect(listed.map((x) => x.patientId).sort()).toEqual([inForce.id, forHospital.id, expiring.id].sort())
    expect(listed.find((x) => x.patientId === inForce.id)!.profile).toMatchObject({ name: 'Ina Inforce' })
    // three hours on: the short consent has ended; the scheduled one has begun
    const later = await listConsentedPatients(p, { clinician, now: new Date(t0.getTime() + 3 * 3600_000) })
    expect(later.map((x) => x.patientId).sort()).toEqual([inForce.id, forHospital.id, scheduled.id].sort())

    const entries = (await listings()).slice(before)
    expect(entries).toHaveLength(2)
    expect(entries[0]).toMatchObject({ actorType: 'DID', orgId: w.hospital.id, decision: 'GRANTED', subjectType: 'PATIENT', subject: null })
    expect(JSON.parse(entries[0]!.details)).toMatchObject({ sessionId: clinician.sessionId, count: 3, patients: expect.arrayContaining([inForce.id, forHospital.id, expiring.id]) })
    for (const e of entries) expect(e.details).not.toMatch(/Ina|Hal|Eve|Sam|1984|MRN/)
  })

  it('discloses nothing on the strength of a consent row whose signed credential does not hold', async () => {
    const patient = await seedPatientWithRecords(p, w.hospital.id, 'Row Only')
    const mallory = HolderWallet.create(p.chain.didPrefix).wallet
    const forged = await signConsent(mallory, { grantee: clinician.did, custodian: w.hospital.did, categories: ['allergies'] })
    const elsewhere = await seedHospital(p)
    const misdirected = await signConsent(patient.wallet, { grantee: clinician.did, custodian: elsewhere.did, categories: ['allergies'] })
    const now = new Date()
    for (const jwt of [forged, misdirected]) {
      await p.db.consent.create({
        data: { orgId: w.hospital.id, patientId: patient.id, patientDid: patient.did, granteeDid: clinician.did, categories: 'allergies', purpose: 'treatment', validFrom: new Date(now.getTime() - 60_000), validUntil: new Date(now.getTime() + 3600_000), jwt, jwtHash: crypto.createHash('sha256').update(jwt).digest('hex') },
      })
    }
    const before = (await listings()).length
    const listed = await listConsentedPatients(p, { clinician, now })
    expect(listed.map((x) => x.patientId)).not.toContain(patient.id)
    expect((await listings()).length).toBe(before + 1)
  })
})
