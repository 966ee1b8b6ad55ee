/**
 * Registration as one unit, on the real chain and both databases: duplicate and concurrent registrations
 * leave exactly one patient holding exactly one live identity credential, a number goes to one DID, and a
 * registration that fails after issuing (or dies) leaves no live credential behind.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedHospital, seedPersonKey } from '../../../../prisma/seed/seed-functions.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { interceptTransactions } from '../../testing/intercept-transactions.js'
import { PENDING_REGISTRATION_TTL_MS, registerPatient } from './register-patient.js'

describe.each(['sqlite', 'postgres'] as const)('registering a patient (%s)', (database) => {
  let p: TestPlatform
  let hospital: Awaited<ReturnType<typeof seedHospital>>
  const actor = { actorType: 'STAFF' as const, actor: 'registrar' }
  const mrn = () => `MRN-${crypto.randomBytes(4).toString('hex').toUpperCase()}`
  const register = (subjectDid: string, medicalRecordNumber: string, name = 'Pat Once') =>
    registerPatient(p, { orgId: hospital.id, actor, input: { subjectDid, name, birthDate: '1984-07-19', medicalRecordNumber } })
  const codes = (outcomes: PromiseSettledResult<unknown>[]) => outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code?: string }).code] : []))
  const identities = (did: string) => p.db.issuedCredential.findMany({ where: { orgId: hospital.id, type: 'PatientIdentityCredential', subjectDid: did }, orderBy: { issuedAt: 'asc' } })
  const live = async (did: string) => (await identities(did)).filter((c) => c.status === 'ACTIVE')

  /** One patient for the DID, holding its one live identity credential. */
  async function expectOneRegistration(did: string) {
    const patients = await p.db.patient.findMany({ where: { orgId: hospital.id, did } })
    expect(patients).toHaveLength(1)
    const current = await live(did)
    expect(current).toHaveLength(1)
    expect(patients[0]!.identityCredentialId).toBe(current[0]!.id)
    return patients[0]!
  }

  beforeAll(async () => {
    p = await startTestPlatform({ database })
    hospital = await seedHospital(p)
  })
  afterAll(async () => {
    await p?.destroy()
  })

  it('lets one of several concurrent identical registrations through, issuing one credential', async () => {
    const { did } = seedPersonKey(p, 'patient')
    const number = mrn()
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => register(did, number)))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    expect(codes(outcomes)).toEqual(['CONFLICT', 'CONFLICT'])
    const patient = await expectOneRegistration(did)
    expect(await identities(did)).toHaveLength(1)
    expect(await p.db.auditEntry.count({ where: { action: 'patient.register', subject: patient.id, decision: 'DONE' } })).toBe(1)
    expect(await p.db.auditEntry.count({ where: { action: 'patient.register', subject: did, decision: 'DENIED', reasonCode: 'CONFLICT' } })).toBe(2)
  })

  it('lets one of concurrent registrations of the same DID with different numbers through', async () => {
    const { did } = seedPersonKey(p, 'patient')
    const outcomes = await Promise.allSettled([register(did, mrn()), register(did, mrn()), register(did, mrn())])
    expect(codes(outcomes)).toEqual(['CONFLICT', 'CONFLICT'])
    await expectOneRegistration(did)
    expect(await identities(did)).toHaveLength(1)
  })

  it('gives a number to one DID only, even when registrations of different DIDs race for it', async () => {
    const number = mrn()
    const dids = [1, 2, 3].map(() => seedPersonKey(p, 'patient').did)
    const outcomes = await Promise.allSettled(dids.map((did) => register(did, number)))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    expect(codes(outcomes)).toEqual(['CONFLICT', 'CONFLICT'])
    const forNumber = await p.db.issuedCredential.findMany({ where: { orgId: hospital.id, naturalKey: `mrn:${number}` } })
    expect(forNumber).toMatchObject([{ status: 'ACTIVE' }])
    await expectOneRegistration(forNumber[0]!.subjectDid)
  })

  it('refuses a later duplicate without issuing, and audits the refusal without personal data', async () => {
    const { did } = seedPersonKey(p, 'patient')
    const number = mrn()
    await register(did, number, 'Pat Private')
    const before = await identities(did)
    await expect(register(did, number, 'Pat Private')).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(register(did, mrn(), 'Pat Private')).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(register(seedPersonKey(p, 'other').did, number, 'Pat Private')).rejects.toMatchObject({ code: 'CONFLICT', details: { fields: [{ field: 'medicalRecordNumber' }] } })
    expect(await identities(did)).toEqual(before)
    await expectOneRegistration(did)
    const denied = await p.db.auditEntry.findMany({ where: { action: 'patient.register', decision: 'DENIED', seq: { gt: 0 } }, orderBy: { seq: 'desc' }, take: 3 })
    expect(denied.map((e) => e.reasonCode)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT'])
    for (const e of denied) expect(e.details).not.toMatch(/Pat Private|1984|MRN-/)
  })

  it('leaves no patient and no live credential when the registration fails after issuing, and can be retried', async () => {
    const { did } = seedPersonKey(p, 'patient')
    const number = mrn()
    let failed = false
    const db = interceptTransactions(p.db, {
      before: async () => {
        if (failed || (await identities(did)).length === 0) return
        failed = true
        throw new Error('connection lost')
      },
    })
    await expect(registerPatient({ ...p, db }, { orgId: hospital.id, actor, input: { subjectDid: did, name: 'Pat Fail', birthDate: '1984-07-19', medicalRecordNumber: number } })).rejects.toThrow('connection lost')
    expect(await p.db.patient.count({ where: { did } })).toBe(0)
    const issued = await identities(did)
    expect(issued).toMatchObject([{ status: 'REVOKED', currentKey: null }])
    expect(await p.db.auditEntry.findFirst({ where: { action: 'credential.revoke', subject: issued[0]!.id } })).toMatchObject({ decision: 'DONE', reasonCode: 'REGISTRATION_NOT_COMPLETED' })
    await register(did, number)
    await expectOneRegistration(did)
  })

  it('clears a registration that died after issuing (a crash) once its claim is stale', async () => {
    const { did } = seedPersonKey(p, 'patient')
    const number = mrn()
    // Every transaction after the issuance fails: the completion and the clean-up alike, as if the process died.
    const db = interceptTransactions(p.db, {
      before: async () => {
        if ((await identities(did)).length > 0) throw new Error('process died')
      },
    })
    await expect(registerPatient({ ...p, db }, { orgId: hospital.id, actor, input: { subjectDid: did, name: 'Pat Crash', birthDate: '1984-07-19', medicalRecordNumber: number } })).rejects.toThrow('process died')
    expect(await p.db.patient.findMany({ where: { did } })).toMatchObject([{ identityCredentialId: expect.stringMatching(/^pending:/) }])
    const [orphan] = await identities(did)
    // While the claim is fresh, the DID and the number stay taken.
    await expect(register(did, number)).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(register(seedPersonKey(p, 'other').did, number)).rejects.toMatchObject({ code: 'CONFLICT' })
    // Once stale, the next registration clears it, revoking the credential it left behind.
    const later = new Date(Date.now() + PENDING_REGISTRATION_TTL_MS + 1000)
    const { patient } = await registerPatient(p, { orgId: hospital.id, actor, input: { subjectDid: did, name: 'Pat Crash', birthDate: '1984-07-19', medicalRecordNumber: number }, now: later })
    expect(await p.db.issuedCredential.findUniqueOrThrow({ where: { id: orphan!.id } })).toMatchObject({ status: 'REVOKED' })
    expect((await expectOneRegistration(did)).id).toBe(patient.id)
  })
})
