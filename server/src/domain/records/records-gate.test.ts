/**
 * The records gate against hostile input, on the real chain and SQLite: consent expiry with an injected clock,
 * IDOR, forged and misdirected consents, reused session tokens, presentations for another hospital, tampered
 * ciphertext, oversized payloads and replayed or misdirected signed requests. Each is denied with its code,
 * audited, and changes nothing.
 */
import crypto from 'node:crypto'
import { ES256KSigner } from 'did-jwt'
import { createVerifiableCredentialJwt } from 'did-jwt-vc'
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedCredential, seedHospital, seedStaff } from '../../../../prisma/seed/seed-functions.js'
import { sampleRecords } from '../../../../prisma/seed/sample-records.js'
import { clinicianSignIn, patientSignIn, seedPatientWithRecords, seedRecordsWorld, signConsent, signPatientRequest } from '../../testing/records-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { HolderWallet } from '../../wallet/holder-wallet.js'
import { openBreakGlass } from '../break-glass/open-break-glass.js'
import { reviewBreakGlass } from '../break-glass/review-break-glass.js'
import { recheckClinicianSession } from '../clinician-sessions/recheck-clinician-session.js'
import { signInClinician } from '../clinician-sessions/sign-in-clinician.js'
import { grantConsent } from '../consent/grant-consent.js'
import { listPatientConsents } from '../consent/list-consents.js'
import { revokeConsent } from '../consent/revoke-consent.js'
import { changeCredentialStatus } from '../credentials/change-credential-status.js'
import { issueAccessChallenge } from '../did-sessions/access-challenges.js'
import { CLINICIAN_SESSION_TTL_MS } from '../did-sessions/did-session-store.js'
import type { VerifiedClinician, VerifiedPatient } from '../did-sessions/session-types.js'
import { listPatients } from '../patients/list-patients.js'
import { signInPatient } from '../patients/sign-in-patient.js'
import { erasePatientRecords } from './erase-patient-records.js'
import { MAX_RECORD_BYTES } from './fhir-resources.js'
import { readRecordsAsClinician, readRecordsAsPatient } from './read-records.js'
import { addRecord, updateRecord } from './write-record.js'

describe('records gate against hostile input', () => {
  let p: TestPlatform
  let w: Awaited<ReturnType<typeof seedRecordsWorld>>
  let clinician: VerifiedClinician
  let clinicianToken: string
  let other: { hospital: { id: string; did: string; kind: string }; admin: Awaited<ReturnType<typeof seedStaff>>; patient: Awaited<ReturnType<typeof seedPatientWithRecords>> }
  const rejects = (promise: Promise<unknown>, code: string) => expect(promise).rejects.toMatchObject({ code })
  const audited = (where: { action: string; reasonCode?: string; decision?: string; subject?: string }) => p.db.auditEntry.count({ where: { decision: 'DENIED', ...where } })
  const staffActor = (id: string) => ({ actorType: 'STAFF' as const, actor: id })
  const newPatient = () => seedPatientWithRecords(p, w.hospital.id, 'Pat Fresh')
  const signInAs = async (patient: { wallet: HolderWallet; identityJwt: string }, hospitalId = w.hospital.id): Promise<VerifiedPatient> => (await patientSignIn(p, patient.wallet, patient.identityJwt, hospitalId)).patient
  const consentFor = async (patient: { wallet: HolderWallet; identityJwt: string }, args: { categories: string[]; grantee?: string; validUntil?: Date; validFrom?: Date }) => {
    const session = await signInAs(patient)
    const jwt = await signConsent(patient.wallet, { grantee: args.grantee ?? clinician.did, custodian: w.hospital.did, categories: args.categories, ...(args.validUntil ? { validUntil: args.validUntil } : {}), ...(args.validFrom ? { validFrom: args.validFrom } : {}) })
    return { session, consent: await grantConsent(p, { patient: session, consent: jwt, ...(args.validFrom ? { now: args.validFrom } : {}) }), jwt }
  }

  beforeAll(async () => {
    p = await startTestPlatform()
    w = await seedRecordsWorld(p)
    ;({ token: clinicianToken, clinician } = await clinicianSignIn(p, w.clinician, [w.license.jwt, w.privilege.jwt], w.hospital.id))
    const hospital = await seedHospital(p, { jurisdiction: 'US-CA' })
    other = { hospital, admin: await seedStaff(p, { orgId: hospital.id, roles: ['HOSPITAL_ADMIN', 'PRIVACY_OFFICER'] }), patient: await seedPatientWithRecords(p, hospital.id, 'Olga Other') }
  })
  afterAll(async () => {
    await p?.destroy()
  })

  it('honours consent expiry with an injected clock: the default 48 hours and an explicit validUntil', async () => {
    const patient = await newPatient()
    const t0 = new Date(Math.floor(Date.now() / 1000) * 1000)
    const { session, consent } = await consentFor(patient, { categories: ['allergies'], validFrom: t0 })
    expect(consent.validUntil.getTime() - consent.validFrom.getTime()).toBe(48 * 3600_000)
    const at = (hours: number) => new Date(t0.getTime() + hours * 3600_000)
    const read = await readRecordsAsClinician(p, { clinician, patientId: patient.id, categories: ['allergies'], now: at(47.9) })
    expect(read.records.map((r) => r.category)).toEqual(['allergies'])
    await rejects(readRecordsAsClinician(p, { clinician, patientId: patient.id, categories: ['allergies'], now: at(48) }), 'CONSENT_EXPIRED')
    expect(await audited({ action: 'records.read', reasonCode: 'CONSENT_EXPIRED', subject: patient.id })).toBe(1)
    expect((await listPatientConsents(p.db, { patientId: patient.id, orgId: w.hospital.id, now: at(49) }))[0]!.status).toBe('EXPIRED')

    const short = await grantConsent(p, { patient: session, consent: await signConsent(patient.wallet, { grantee: clinician.did, custodian: w.hospital.did, categories: ['medications'], validUntil: at(2) }) })
    expect(short.validUntil.getTime()).toBe(at(2).getTime())
    expect((await readRecordsAsClinician(p, { clinician, patientId: patient.id, categories: ['medications'], now: at(1) })).records).toHaveLength(1)
    await rejects(readRecordsAsClinician(p, { clinician, patientId: patient.id, categories: ['medications'], now: at(2) }), 'CONSENT_EXPIRED')
  })

  it('answers NOT_FOUND to guessed or foreign patient, record, consent and break-glass ids, audits it and changes nothing', async () => {
    const patient = await newPatient()
    await consentFor(patient, { categories: ['allergies'] })
    const before = { records: await p.db.recordVersion.count(), consents: await p.db.consent.count(), windows: await p.db.breakGlassAccess.count() }
    for (const patientId of [crypto.randomUUID(), other.patient.id, `${patient.id}' OR '1'='1`, 'x'.repeat(5000)]) {
      await rejects(readRecordsAsClinician(p, { clinician, patientId }), 'NOT_FOUND')
      await rejects(openBreakGlass(p, { clinician, patientId, reason: 'Cardiac arrest in the waiting room' }), 'NOT_FOUND')
    }
    expect(await audited({ action: 'records.read', reasonCode: 'NOT_FOUND', subject: other.patient.id })).toBe(1)
    expect(await audited({ action: 'records.break_glass', reasonCode: 'NOT_FOUND' })).toBeGreaterThanOrEqual(4)

    // Another hospital's staff: its patient list, records and ids are not theirs.
    const foreignActor = staffActor(other.admin.account.id)
    const resource = JSON.stringify(sampleRecords('a').allergies[0])
    await rejects(addRecord(p, { orgId: other.hospital.id, actor: foreignActor, patientId: patient.id, category: 'allergies', resource }), 'NOT_FOUND')
    const recordId = patient.recordIds.allergies![0]!
    await rejects(updateRecord(p, { orgId: other.hospital.id, actor: foreignActor, recordId, resource }), 'NOT_FOUND')
    expect((await p.db.patientRecord.findUniqueOrThrow({ where: { id: recordId } })).version).toBe(1)
    expect((await listPatients(p, { orgId: other.hospital.id })).map((x) => x.id)).toEqual([other.patient.id])

    // Another patient's consent id, with that patient's own valid signed request at their own hospital.
    const mine = await listPatientConsents(p.db, { patientId: patient.id, orgId: w.hospital.id })
    const otherSession = await signInAs(other.patient, other.hospital.id)
    const request = await signPatientRequest(p, other.patient.wallet, { hospitalId: other.hospital.id, action: 'consent.revoke', target: mine[0]!.id })
    await rejects(revokeConsent(p, { patient: otherSession, request }), 'NOT_FOUND')
    expect((await p.db.consent.findUniqueOrThrow({ where: { id: mine[0]!.id } })).revokedAt).toBeNull()

    // Another hospital's privacy officer and a break-glass use of ours.
    const opened = await openBreakGlass(p, { clinician, patientId: patient.id, reason: 'Anaphylaxis, patient cannot speak' })
    await rejects(reviewBreakGlass(p.db, { orgId: other.hospital.id, accountId: other.admin.account.id, id: opened.window.id, note: 'looks fine' }), 'NOT_FOUND')
    expect((await p.db.breakGlassAccess.findUniqueOrThrow({ where: { id: opened.window.id } })).reviewedAt).toBeNull()
    expect(await p.db.recordVersion.count()).toBe(before.records)
    expect(await p.db.consent.count()).toBe(before.consents)
    expect(await p.db.breakGlassAccess.count()).toBe(before.windows + 1)
  })

  it('grants nothing on a consent forged, signed by someone else, for another grantee, category or hospital, too long or resubmitted', async () => {
    const patient = await newPatient()
    const session = await signInAs(patient)
    const submit = (jwt: string) => grantConsent(p, { patient: session, consent: jwt })
    const base = { grantee: clinician.did, custodian: w.hospital.did, categories: ['allergies'] }

    const dan = await newPatient() // a registered patient signing for someone else's records
    await rejects(submit(await signConsent(dan.wallet, base)), 'ISSUER_UNTRUSTED')
    const stranger = HolderWallet.create(p.chain.didPrefix).wallet
    await rejects(submit(await signConsent(stranger, base)), 'ISSUER_UNTRUSTED')
    const attacker = Wallet.createRandom()
    const forged = await createVerifiableCredentialJwt(
      { sub: clinician.did, nbf: Math.floor(Date.now() / 1000), vc: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential', 'PatientConsentCredential'], credentialSubject: { id: clinician.did, recordCategories: ['allergies'], purpose: 'treatment', custodian: w.hospital.did } } } as never,
      { did: patient.did, signer: ES256KSigner(Buffer.from(attacker.privateKey.slice(2), 'hex'), true), alg: 'ES256K-R' },
    )
    await rejects(submit(forged), 'SIGNATURE_INVALID')
    const tampered = (await signConsent(patient.wallet, base)).split('.')
    const payload = JSON.parse(Buffer.from(tampered[1]!, 'base64url').toString())
    payload.vc.credentialSubject.recordCategories = ['allergies', 'imaging', 'notes']
    tampered[1] = Buffer.from(JSON.stringify(payload)).toString('base64url')
    await rejects(submit(tampered.join('.')), 'SIGNATURE_INVALID')
    await rejects(submit(await signConsent(patient.wallet, { ...base, custodian: other.hospital.did })), 'DOMAIN_MISMATCH')
    await rejects(submit(await signConsent(patient.wallet, { ...base, validUntil: new Date(Date.now() + 31 * 86_400_000) })), 'POLICY_UNSATISFIED')
    await rejects(submit(await signConsent(patient.wallet, { ...base, categories: ['allergies', 'genome'] })), 'VALIDATION_FAILED')
    await rejects(submit(await signConsent(patient.wallet, { ...base, validFrom: new Date(Date.now() - 3 * 3600_000), validUntil: new Date(Date.now() - 3600_000) })), 'EXPIRED')
    await rejects(submit('not.a.jwt'), 'MALFORMED')
    expect(await p.db.consent.count({ where: { patientId: patient.id } })).toBe(0)
    expect(await audited({ action: 'consent.grant', subject: patient.id })).toBe(9)
    await rejects(readRecordsAsClinician(p, { clinician, patientId: patient.id, categories: ['allergies'] }), 'CONSENT_MISSING')

    // A valid consent opens only its grantee and its categories.
    const otherClinician = HolderWallet.create(p.chain.didPrefix).wallet
    await submit(await signConsent(patient.wallet, { ...base, grantee: otherClinician.did, categories: ['medications'] }))
    const mine = await submit(await signConsent(patient.wallet, base))
    await rejects(readRecordsAsClinician(p, { clinician, patientId: patient.id, categories: ['medications'] }), 'CONSENT_MISSING')
    const view = await readRecordsAsClinician(p, { clinician, patientId: patient.id })
    expect(view.records.map((r) => r.category)).toEqual(['allergies'])
    expect(view.denied).toEqual([
      { category: 'medications', granted: false, code: 'CONSENT_MISSING' },
      { category: 'conditions', granted: false, code: 'CONSENT_MISSING' },
    ])

    // Revoked, then resubmitted: the same credential is never accepted twice.
    await revokeConsent(p, { patient: session, request: await signPatientRequest(p, patient.wallet, { hospitalId: w.hospital.id, action: 'consent.revoke', target: mine.id }) })
    await rejects(submit(mine.jwt), 'CONFLICT')
    await rejects(readRecordsAsClinician(p, { clinician, patientId: patient.id, categories: ['allergies'] }), 'CONSENT_REVOKED')
    // A consent row altered in the database (wider categories) opens only what the patient signed.
    const row = await p.db.consent.findFirstOrThrow({ where: { patientId: patient.id, granteeDid: otherClinician.did } })
    await p.db.consent.update({ where: { id: row.id }, data: { granteeDid: clinician.did, categories: 'allergies,medications,conditions' } })
    await rejects(readRecordsAsClinician(p, { clinician, patientId: patient.id, categories: ['medications'] }), 'CONSENT_MISSING')
  })

  it('cuts a session whose privileges are revoked or licence suspended, and refuses unknown, expired and foreign tokens', async () => {
    const nurse = HolderWallet.create(p.chain.didPrefix).wallet
    const license = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: nurse.did, claims: licenseClaims({ name: 'Nora Nurse', licenseType: 'RN' }) })
    const privilege = await seedCredential(p, { issuer: w.hospital, type: 'StaffPrivilegeCredential', subjectDid: nurse.did, claims: { name: 'Nora Nurse', role: 'Nurse', department: 'ED', recordCategories: ['allergies'] } })
    const recheck = (token: string, now?: Date) => recheckClinicianSession(p, { token, field: 'test', ip: '127.0.0.1', ...(now ? { now } : {}) })
    const first = await clinicianSignIn(p, nurse, [license.jwt, privilege.jwt], w.hospital.id)
    expect((await recheck(first.token)).categories).toEqual(['allergies'])
    await rejects(recheck(first.token, new Date(Date.now() + CLINICIAN_SESSION_TTL_MS + 1000)), 'UNAUTHENTICATED')
    await changeCredentialStatus(p.db, { caller: { kind: 'staff', orgId: w.hospital.id, accountId: w.hr.account.id, roles: ['HR'] }, input: { credentialId: privilege.id, action: 'revoke', reason: 'Left the hospital' } })
    await rejects(recheck(first.token), 'REVOKED')
    await rejects(recheck(first.token), 'REVOKED')
    expect(await p.db.auditEntry.count({ where: { action: 'clinician.session_cut', subject: nurse.did, reasonCode: 'REVOKED' } })).toBe(1)
    expect((await p.db.didSession.findFirstOrThrow({ where: { did: nurse.did } })).endReason).toBe('REVOKED')

    const privilege2 = await seedCredential(p, { issuer: w.hospital, type: 'StaffPrivilegeCredential', subjectDid: nurse.did, claims: { name: 'Nora Nurse', role: 'Nurse', department: 'ED', recordCategories: ['allergies'] } })
    const second = await clinicianSignIn(p, nurse, [license.jwt, privilege2.jwt], w.hospital.id)
    await changeCredentialStatus(p.db, { caller: { kind: 'staff', orgId: w.board.id, accountId: w.boardAdmin.account.id, roles: ['BOARD_ADMIN'] }, input: { credentialId: license.id, action: 'suspend', reason: 'Under investigation' } })
    await rejects(recheck(second.token), 'SUSPENDED')

    await rejects(recheck(`cgd_${crypto.randomBytes(32).toString('base64url')}`), 'UNAUTHENTICATED')
    await rejects(recheck('garbage'), 'UNAUTHENTICATED')
    const patientToken = (await patientSignIn(p, w.patient.wallet, w.patient.identityJwt, w.hospital.id)).token
    await rejects(recheck(patientToken), 'UNAUTHENTICATED')
    expect(await audited({ action: 'records.access', reasonCode: 'UNAUTHENTICATED' })).toBeGreaterThanOrEqual(4)
    expect((await recheck(clinicianToken)).did).toBe(w.clinician.did) // the others are untouched
  })

  it('opens no session for a presentation made for another hospital, with another hospital\'s privileges, or replayed', async () => {
    const sessions = await p.db.didSession.count()
    const mine = await issueAccessChallenge(p, { hospitalId: w.hospital.id, purpose: 'clinician-sign-in' })
    const theirs = await issueAccessChallenge(p, { hospitalId: other.hospital.id, purpose: 'clinician-sign-in' })
    const creds = [w.license.jwt, w.privilege.jwt]
    const signIn = (challenge: string, presentation: string) => signInClinician(p, { challenge, presentation, ip: '127.0.0.1' })

    await rejects(signIn(mine.challenge, await w.clinician.present(creds, mine.challenge, theirs.domain)), 'DOMAIN_MISMATCH')
    await rejects(signIn(theirs.challenge, await w.clinician.present(creds, theirs.challenge, theirs.domain)), 'POLICY_UNSATISFIED')
    const patientChallenge = await issueAccessChallenge(p, { hospitalId: w.hospital.id, purpose: 'patient-sign-in' })
    await rejects(signIn(patientChallenge.challenge, await w.clinician.present(creds, patientChallenge.challenge, patientChallenge.domain)), 'CHALLENGE_MISMATCH')
    await rejects(signIn(mine.challenge, await w.clinician.present([w.license.jwt], mine.challenge, mine.domain)), 'POLICY_UNSATISFIED')
    const fresh = await issueAccessChallenge(p, { hospitalId: w.hospital.id, purpose: 'clinician-sign-in' })
    const vp = await w.clinician.present(creds, fresh.challenge, fresh.domain)
    await signIn(fresh.challenge, vp)
    await rejects(signIn(fresh.challenge, vp), 'CHALLENGE_REPLAYED')
    const impostor = HolderWallet.create(p.chain.didPrefix).wallet
    const stolen = await issueAccessChallenge(p, { hospitalId: w.hospital.id, purpose: 'clinician-sign-in' })
    await rejects(signIn(stolen.challenge, await impostor.present(creds, stolen.challenge, stolen.domain)), 'HOLDER_MISMATCH')
    // A patient's identity from one hospital does not sign in at another.
    const pc = await issueAccessChallenge(p, { hospitalId: other.hospital.id, purpose: 'patient-sign-in' })
    await rejects(signInPatient(p, { challenge: pc.challenge, presentation: await w.patient.wallet.present([w.patient.identityJwt], pc.challenge, pc.domain), ip: '127.0.0.1' }), 'POLICY_UNSATISFIED')

    expect(await p.db.didSession.count()).toBe(sessions + 1)
    expect(await audited({ action: 'clinician.sign_in', reasonCode: 'DOMAIN_MISMATCH' })).toBe(1)
    expect(await audited({ action: 'clinician.sign_in', reasonCode: 'POLICY_UNSATISFIED' })).toBe(2)
    expect(await audited({ action: 'clinician.sign_in', reasonCode: 'CHALLENGE_REPLAYED' })).toBe(1)
  })

  it('fails integrity on tampered ciphertext, hash, swapped versions or wrapped key, and never returns garbage', async () => {
    const patient = await newPatient()
    const session = await signInAs(patient)
    const ok = await readRecordsAsPatient(p, { patient: session })
    expect(ok.records).toHaveLength(5)
    const [a, b] = await p.db.recordVersion.findMany({ where: { patientId: patient.id }, orderBy: { createdAt: 'asc' } })
    const flip = (s: string) => {
      const parts = s.split('.')
      const body = Buffer.from(parts[2]!, 'base64url')
      body[0]! ^= 0x01
      parts[2] = body.toString('base64url')
      return parts.join('.')
    }
    const attempts: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
      ['ciphertext', () => p.db.recordVersion.update({ where: { id: a!.id }, data: { ciphertext: flip(a!.ciphertext) } }), () => p.db.recordVersion.update({ where: { id: a!.id }, data: { ciphertext: a!.ciphertext } })],
      ['hash', () => p.db.recordVersion.update({ where: { id: a!.id }, data: { contentHash: b!.contentHash } }), () => p.db.recordVersion.update({ where: { id: a!.id }, data: { contentHash: a!.contentHash } })],
      [
        'swap',
        async () => {
          await p.db.recordVersion.update({ where: { id: a!.id }, data: { ciphertext: b!.ciphertext, contentHash: b!.contentHash } })
        },
        () => p.db.recordVersion.update({ where: { id: a!.id }, data: { ciphertext: a!.ciphertext, contentHash: a!.contentHash } }),
      ],
      [
        'wrapped key',
        async () => {
          const row = await p.db.patient.findUniqueOrThrow({ where: { id: patient.id } })
          await p.db.patient.update({ where: { id: patient.id }, data: { wrappedDataKey: flip(row.wrappedDataKey!) } })
        },
        async () => {
          const other = await p.db.patient.findUniqueOrThrow({ where: { id: patient.id } })
          await p.db.patient.update({ where: { id: patient.id }, data: { wrappedDataKey: flip(other.wrappedDataKey!) } })
        },
      ],
    ]
    for (const [, tamper, restore] of attempts) {
      await tamper()
      await rejects(readRecordsAsPatient(p, { patient: session }), 'INTEGRITY_FAILED')
      await restore()
      expect((await readRecordsAsPatient(p, { patient: session })).records).toHaveLength(5)
    }
    expect(await audited({ action: 'records.read', reasonCode: 'INTEGRITY_FAILED', subject: patient.id })).toBe(4)
  })

  it('refuses oversized and malformed records, consents and requests, audited, storing nothing', async () => {
    const patient = await newPatient()
    const actor = staffActor(w.hr.account.id)
    const versions = await p.db.recordVersion.count({ where: { patientId: patient.id } })
    const big = JSON.stringify({ ...sampleRecords('a').notes[0], description: 'x'.repeat(MAX_RECORD_BYTES) })
    const add = (category: string, resource: string) => addRecord(p, { orgId: w.hospital.id, actor, patientId: patient.id, category, resource })
    await rejects(add('notes', big), 'PAYLOAD_TOO_LARGE')
    await rejects(add('allergies', JSON.stringify(sampleRecords('a').medications[0])), 'VALIDATION_FAILED')
    await rejects(add('allergies', '{"resourceType":"AllergyIntolerance","code":{"text":"a"},"code":{"text":"b"}}'), 'VALIDATION_FAILED')
    await rejects(add('genome', JSON.stringify(sampleRecords('a').allergies[0])), 'VALIDATION_FAILED')
    await rejects(add('allergies', '['.repeat(100)), 'VALIDATION_FAILED')
    await rejects(updateRecord(p, { orgId: w.hospital.id, actor, recordId: patient.recordIds.notes![0]!, resource: big }), 'PAYLOAD_TOO_LARGE')
    expect(await p.db.recordVersion.count({ where: { patientId: patient.id } })).toBe(versions)
    expect(await audited({ action: 'records.write', reasonCode: 'PAYLOAD_TOO_LARGE' })).toBe(2)

    const session = await signInAs(patient)
    await rejects(grantConsent(p, { patient: session, consent: 'a'.repeat(20_000) }), 'PAYLOAD_TOO_LARGE')
    await rejects(revokeConsent(p, { patient: session, request: 'a'.repeat(9_000) }), 'MALFORMED')
    await rejects(readRecordsAsClinician(p, { clinician, patientId: patient.id, categories: ['allergies', 'genome'] }), 'VALIDATION_FAILED')
    expect(await p.db.consent.count({ where: { patientId: patient.id } })).toBe(0)
  })

  it('refuses signed requests replayed, for another action or hospital, or signed by someone else; erasure changes nothing then', async () => {
    const patient = await newPatient()
    const { session, consent } = await consentFor(patient, { categories: ['allergies'] })
    const revoke = await signPatientRequest(p, patient.wallet, { hospitalId: w.hospital.id, action: 'consent.revoke', target: consent.id })
    const wrongAction = await signPatientRequest(p, patient.wallet, { hospitalId: w.hospital.id, action: 'records.erase', target: consent.id })
    await rejects(revokeConsent(p, { patient: session, request: wrongAction }), 'MALFORMED')
    const c = await issueAccessChallenge(p, { hospitalId: w.hospital.id, purpose: 'patient-request' })
    const elsewhere = await patient.wallet.authProof(c.challenge, 'evil.example.org', { action: 'consent.revoke', target: consent.id })
    await rejects(revokeConsent(p, { patient: session, request: elsewhere }), 'DOMAIN_MISMATCH')
    const dan = await newPatient()
    const byDan = await signPatientRequest(p, dan.wallet, { hospitalId: w.hospital.id, action: 'consent.revoke', target: consent.id })
    await rejects(revokeConsent(p, { patient: session, request: byDan }), 'HOLDER_MISMATCH')
    expect((await p.db.consent.findUniqueOrThrow({ where: { id: consent.id } })).revokedAt).toBeNull()
    await revokeConsent(p, { patient: session, request: revoke })
    await rejects(revokeConsent(p, { patient: session, request: revoke }), 'CHALLENGE_REPLAYED')

    // Erasure: the hospital submits a request that the patient did not sign, or one for another patient.
    const staff = { kind: 'staff' as const, orgId: w.hospital.id, accountId: w.hr.account.id, patientId: patient.id }
    const forgedByDan = await signPatientRequest(p, dan.wallet, { hospitalId: w.hospital.id, action: 'records.erase', target: patient.id })
    await rejects(erasePatientRecords(p, { request: forgedByDan, by: staff }), 'HOLDER_MISMATCH')
    const forDan = await signPatientRequest(p, dan.wallet, { hospitalId: w.hospital.id, action: 'records.erase', target: dan.id })
    await rejects(erasePatientRecords(p, { request: forDan, by: staff }), 'NOT_FOUND')
    const atOtherHospital = await signPatientRequest(p, patient.wallet, { hospitalId: other.hospital.id, action: 'records.erase', target: patient.id })
    await rejects(erasePatientRecords(p, { request: atOtherHospital, by: staff }), 'DOMAIN_MISMATCH')
    await rejects(erasePatientRecords(p, { request: await signPatientRequest(p, patient.wallet, { hospitalId: w.hospital.id, action: 'records.erase', target: patient.id }), by: { ...staff, orgId: other.hospital.id } }), 'DOMAIN_MISMATCH')
    expect(await p.db.recordVersion.count({ where: { patientId: patient.id } })).toBe(5)
    expect((await p.db.patient.findUniqueOrThrow({ where: { id: patient.id } })).erasedAt).toBeNull()
    expect(await audited({ action: 'records.erase', subject: patient.id })).toBe(4)

    // The hospital, on the patient's own signed request: erased once, then nothing is left to read.
    const request = await signPatientRequest(p, patient.wallet, { hospitalId: w.hospital.id, action: 'records.erase', target: patient.id })
    expect(await erasePatientRecords(p, { request, by: staff })).toMatchObject({ records: 5, versions: 5 })
    await rejects(erasePatientRecords(p, { request: await signPatientRequest(p, patient.wallet, { hospitalId: w.hospital.id, action: 'records.erase', target: patient.id }), by: staff }), 'CONFLICT')
    await rejects(readRecordsAsPatient(p, { patient: session }), 'RECORDS_ERASED')
    await rejects(readRecordsAsClinician(p, { clinician, patientId: patient.id }), 'RECORDS_ERASED')
    await rejects(openBreakGlass(p, { clinician, patientId: patient.id, reason: 'Trauma bay, unresponsive patient' }), 'RECORDS_ERASED')
  })
})
