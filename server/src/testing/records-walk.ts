/**
 * The records gate's main walk over GraphQL against a real server, chain and database, shared by the SQLite
 * and PostgreSQL test files: registration, patient and clinician sign-in, 48-hour consent, reads limited to the
 * consented categories, revocation, break-glass (flagged, alerted, visible to the patient, reviewed), a licence
 * revoked mid-session, and erasure that leaves nothing readable.
 */
import { verifyAuditChain } from '../domain/audit/verify-audit-chain.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changeCredentialStatus } from '../domain/credentials/change-credential-status.js'
import { sampleRecords } from '../../../prisma/seed/sample-records.js'
import { HolderWallet } from '../wallet/holder-wallet.js'
import { seedCredentialWorld } from './credential-fixtures.js'
import { signConsent } from './records-fixtures.js'
import { startTestPlatform, type TestPlatform } from './test-platform.js'
import { GraphQLTestClient, startTestServer, type TestServer } from './test-server.js'
import { seedStaff } from '../../../prisma/seed/seed-functions.js'

type Gql = { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: { code?: string } }> } // eslint-disable-line @typescript-eslint/no-explicit-any

export function describeRecordsWalk(database: 'sqlite' | 'postgres') {
  describe(`records gate walk (${database})`, () => {
    let p: TestPlatform
    let server: TestServer
    let world: Awaited<ReturnType<typeof seedCredentialWorld>>
    let staff: GraphQLTestClient
    let privacy: GraphQLTestClient
    let patient: { wallet: HolderWallet; id: string; identityJwt: string }
    let patientToken: string
    let clinicianToken: string

    const as = (token: string) => async (query: string, variables: Record<string, unknown> = {}): Promise<Gql> => {
      const res = await fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) })
      return (await res.json()) as Gql
    }
    const anonymous = { request: (query: string, variables: Record<string, unknown> = {}) => new GraphQLTestClient(server.baseUrl).request(query, variables) as Promise<Gql> }
    const challenge = async (purpose: string) => {
      const r = await anonymous.request('mutation($h: ID!, $p: AccessChallengePurpose!) { createAccessChallenge(hospitalId: $h, purpose: $p) { challenge domain } }', { h: world.hospital.id, p: purpose })
      expect(r.errors).toBeUndefined()
      return r.data!.createAccessChallenge as { challenge: string; domain: string }
    }
    const signedRequest = async (action: string, target: string) => {
      const c = await challenge('PATIENT_REQUEST')
      return patient.wallet.authProof(c.challenge, c.domain, { action, target })
    }
    const readRecords = (token: string, categories?: string[]) =>
      as(token)('query($p: ID!, $c: [String!]) { patientRecords(patientId: $p, categories: $c) { records { id category resourceType resource version } granted { category basis consentId } denied { category code } } }', { p: patient.id, c: categories ?? null })
    const grant = async (categories: string[], validUntil?: Date) => {
      const jwt = await signConsent(patient.wallet, { grantee: world.clinician.did, custodian: world.hospital.did, categories, ...(validUntil ? { validUntil } : {}) })
      const r = await as(patientToken)('mutation($c: String!) { grantConsent(consent: $c) { id status validFrom validUntil recordCategories } }', { c: jwt })
      expect(r.errors).toBeUndefined()
      return r.data!.grantConsent as { id: string; status: string; validFrom: string; validUntil: string; recordCategories: string[] }
    }
    const signInClinician = async () => {
      const c = await challenge('CLINICIAN_SIGN_IN')
      const vp = await world.clinician.present([world.license.jwt, world.privilege.jwt], c.challenge, c.domain)
      const r = await anonymous.request('mutation($c: String!, $p: String!) { signInClinician(challenge: $c, presentation: $p) { token session { did recordCategories } } }', { c: c.challenge, p: vp })
      expect(r.errors).toBeUndefined()
      return r.data!.signInClinician.token as string
    }

    beforeAll(async () => {
      p = await startTestPlatform({ database })
      server = await startTestServer(p)
      world = await seedCredentialWorld(p)
      staff = new GraphQLTestClient(server.baseUrl)
      await staff.login(world.hr.email, world.hr.password)
      const officer = await seedStaff(p, { orgId: world.hospital.id, roles: ['PRIVACY_OFFICER'] })
      privacy = new GraphQLTestClient(server.baseUrl)
      await privacy.login(officer.email, officer.password)
    })
    afterAll(async () => {
      await server?.close()
      await p?.destroy()
    })

    it('registers a patient (identity credential to their own DID) and stores encrypted records', async () => {
      const { wallet } = HolderWallet.create(p.chain.didPrefix)
      const reg = await staff.request<{ registerPatient: { patient: { id: string; name: string }; identityCredential: string } }>(
        'mutation($i: RegisterPatientInput!) { registerPatient(input: $i) { patient { id name did recordCount } identityCredential } }',
        { i: { subjectDid: wallet.did, name: 'Carla Diaz', birthDate: '1987-03-12', medicalRecordNumber: 'MRN-W100234' } },
      )
      expect(reg.errors).toBeUndefined()
      patient = { wallet, id: reg.data!.registerPatient.patient.id, identityJwt: reg.data!.registerPatient.identityCredential }
      const samples = sampleRecords('a')
      for (const [category, resources] of Object.entries(samples)) {
        const r = await staff.request('mutation($p: ID!, $c: String!, $r: String!) { addRecord(patientId: $p, category: $c, resource: $r) { id version contentHash } }', { p: patient.id, c: category, r: JSON.stringify(resources[0]) })
        expect(r.errors).toBeUndefined()
      }
      const rows = await p.db.recordVersion.findMany({ where: { patientId: patient.id } })
      expect(rows).toHaveLength(5)
      for (const row of rows) {
        expect(row.ciphertext).toMatch(/^v1\./)
        expect(row.ciphertext).not.toContain('Penicillin')
      }
      const stored = await p.db.patient.findUniqueOrThrow({ where: { id: patient.id } })
      expect(stored.profile).not.toContain('Carla')
      const list = await staff.request<{ patients: Array<{ id: string; name: string; recordCount: number }> }>('{ patients { id name recordCount } }')
      expect(list.data!.patients.find((x) => x.id === patient.id)).toMatchObject({ name: 'Carla Diaz', recordCount: 5 })
    })

    it('patient signs in with their identity credential and grants a 48-hour consent; the clinician reads the consented categories only', async () => {
      const c = await challenge('PATIENT_SIGN_IN')
      const vp = await patient.wallet.present([patient.identityJwt], c.challenge, c.domain)
      const signIn = await anonymous.request('mutation($c: String!, $p: String!) { signInPatient(challenge: $c, presentation: $p) { token session { patientId did } } }', { c: c.challenge, p: vp })
      expect(signIn.errors).toBeUndefined()
      patientToken = signIn.data!.signInPatient.token
      expect(signIn.data!.signInPatient.session.patientId).toBe(patient.id)

      const consent = await grant(['allergies', 'medications'])
      expect(consent.status).toBe('ACTIVE')
      expect(Date.parse(consent.validUntil) - Date.parse(consent.validFrom)).toBe(48 * 3600_000)

      clinicianToken = await signInClinician()
      const consented = await as(clinicianToken)('{ consentedPatients { patientId name consents { id recordCategories } } }')
      expect(consented.data!.consentedPatients).toEqual([{ patientId: patient.id, name: 'Carla Diaz', consents: [{ id: consent.id, recordCategories: ['allergies', 'medications'] }] }])

      const read = await readRecords(clinicianToken)
      expect(read.errors).toBeUndefined()
      const view = read.data!.patientRecords
      expect(view.records.map((r: { category: string }) => r.category).sort()).toEqual(['allergies', 'medications'])
      expect(view.granted).toEqual([
        { category: 'allergies', basis: 'CONSENT', consentId: consent.id },
        { category: 'medications', basis: 'CONSENT', consentId: consent.id },
      ])
      expect(view.denied).toEqual([{ category: 'conditions', code: 'CONSENT_MISSING' }])
      const text = JSON.stringify(read)
      expect(text).toContain('Penicillin')
      expect(text).not.toContain('Asthma') // conditions: absent, not redacted
      expect(text).not.toContain('Chest X-ray') // imaging: outside privileges and consent
      expect(JSON.parse(view.records[0].resource).resourceType).toBe('AllergyIntolerance')

      const imaging = await readRecords(clinicianToken, ['imaging'])
      expect(imaging.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
      expect(imaging.data).toBeNull()
      const conditions = await readRecords(clinicianToken, ['conditions'])
      expect(conditions.errors?.[0]?.extensions?.code).toBe('CONSENT_MISSING')

      const granted = await p.db.auditEntry.findMany({ where: { action: 'records.read', subject: patient.id, decision: 'GRANTED' } })
      expect(granted).toHaveLength(1)
      expect(JSON.parse(granted[0]!.details)).toMatchObject({ basis: ['CONSENT'], categories: ['allergies', 'medications'], consentIds: [consent.id] })
      expect(granted[0]!.details).not.toContain('Penicillin')
    })

    it('enforces each field\'s rule at the transport: sessions of the right kind, staff roles, CSRF', async () => {
      const noToken = await anonymous.request('query($p: ID!) { patientRecords(patientId: $p) { patientId } }', { p: patient.id })
      expect(noToken.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
      expect((await as(patientToken)('query($p: ID!) { patientRecords(patientId: $p) { patientId } }', { p: patient.id })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
      expect((await as(clinicianToken)('{ myRecords { patientId } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
      expect((await as(clinicianToken)('{ patients { id } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
      const addAsOfficer = await privacy.request('mutation($p: ID!, $r: String!) { addRecord(patientId: $p, category: "allergies", resource: $r) { id } }', { p: patient.id, r: '{}' })
      expect(addAsOfficer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
      const csrf = staff.csrfToken
      staff.csrfToken = undefined
      const noCsrf = await staff.request('mutation($p: ID!, $r: String!) { addRecord(patientId: $p, category: "allergies", resource: $r) { id } }', { p: patient.id, r: '{}' })
      staff.csrfToken = csrf
      expect(noCsrf.errors?.[0]?.extensions?.code).toBe('CSRF_FAILED')
      expect(await p.db.recordVersion.count({ where: { patientId: patient.id } })).toBe(5)
    })

    it('patient revokes with a signed request; the next clinician request is denied CONSENT_REVOKED', async () => {
      const mine = await as(patientToken)('{ myConsents { id status } }')
      const consentId = mine.data!.myConsents[0].id as string
      const revoked = await as(patientToken)('mutation($r: String!) { revokeConsent(request: $r) { id status revokedReason } }', { r: await signedRequest('consent.revoke', consentId) })
      expect(revoked.errors).toBeUndefined()
      expect(revoked.data!.revokeConsent).toEqual({ id: consentId, status: 'REVOKED', revokedReason: 'PATIENT' })
      const denied = await readRecords(clinicianToken)
      expect(denied.errors?.[0]?.extensions?.code).toBe('CONSENT_REVOKED')
      expect(denied.data).toBeNull()
      expect(await p.db.auditEntry.count({ where: { action: 'records.read', subject: patient.id, decision: 'DENIED', reasonCode: 'CONSENT_REVOKED' } })).toBe(1)
      expect(await p.db.alert.count({ where: { ruleKey: 'records.denied', orgId: world.hospital.id } })).toBeGreaterThan(0)
      expect((await as(clinicianToken)('{ consentedPatients { patientId } }')).data!.consentedPatients).toEqual([])
    })

    it('break-glass: the emergency summary without consent, flagged, alerted, visible to the patient, reviewed by the privacy officer', async () => {
      const tooShort = await as(clinicianToken)('mutation($p: ID!, $r: String!) { openBreakGlass(patientId: $p, reason: $r) { id } }', { p: patient.id, r: 'urgent' })
      expect(tooShort.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED')
      const reason = 'Unconscious in the emergency department, no consent obtainable'
      const opened = await as(clinicianToken)('mutation($p: ID!, $r: String!) { openBreakGlass(patientId: $p, reason: $r) { id categories expiresAt records { category } } }', { p: patient.id, r: reason })
      expect(opened.errors).toBeUndefined()
      const bg = opened.data!.openBreakGlass
      expect(bg.categories).toEqual(['allergies', 'medications', 'conditions'])
      expect(bg.records.map((r: { category: string }) => r.category).sort()).toEqual(['allergies', 'conditions', 'medications'])
      // Within the window, reads of the summary go through with basis BREAK_GLASS; nothing beyond the summary.
      const during = await readRecords(clinicianToken)
      expect(during.data!.patientRecords.granted.map((g: { basis: string }) => g.basis)).toEqual(['BREAK_GLASS', 'BREAK_GLASS', 'BREAK_GLASS'])

      const alert = await p.db.alert.findFirst({ where: { ruleKey: 'records.break_glass', orgId: world.hospital.id } })
      expect(alert?.severity).toBe('critical')
      const pending = await privacy.request<{ breakGlassUses: Array<{ id: string; reason: string; reviewedAt: string | null; clinicianName: string }> }>('{ breakGlassUses(pendingOnly: true) { id reason reviewedAt clinicianName } }')
      expect(pending.data!.breakGlassUses).toEqual([{ id: bg.id, reason, reviewedAt: null, clinicianName: 'Dr. Alice Nguyen' }])

      const log = await as(patientToken)('{ myAccessLog { action decision actor actorName basis categories breakGlassId breakGlassReason reasonCode } }')
      const entry = log.data!.myAccessLog.find((e: { action: string }) => e.action === 'records.break_glass')
      expect(entry).toMatchObject({ decision: 'GRANTED', actor: world.clinician.did, actorName: 'Dr. Alice Nguyen', basis: ['BREAK_GLASS'], breakGlassId: bg.id, breakGlassReason: reason })
      const consentRead = log.data!.myAccessLog.find((e: { action: string; basis: string[] }) => e.action === 'records.read' && e.basis.includes('CONSENT'))
      expect(consentRead).toMatchObject({ decision: 'GRANTED', categories: ['allergies', 'medications'], actorName: 'Dr. Alice Nguyen' })
      expect(log.data!.myAccessLog.some((e: { reasonCode: string | null }) => e.reasonCode === 'CONSENT_REVOKED')).toBe(true)

      const reviewed = await privacy.request<{ reviewBreakGlass: { reviewedAt: string } }>('mutation($id: ID!) { reviewBreakGlass(id: $id, note: "Justified: ED admission") { reviewedAt reviewNote } }', { id: bg.id })
      expect(reviewed.errors).toBeUndefined()
      expect((await privacy.request<{ breakGlassUses: unknown[] }>('{ breakGlassUses(pendingOnly: true) { id } }')).data!.breakGlassUses).toEqual([])
    })

    it('a licence revoked mid-session cuts the session on the very next request', async () => {
      await grant(['allergies'])
      expect((await readRecords(clinicianToken, ['allergies'])).errors).toBeUndefined()
      await changeCredentialStatus(p.db, { caller: { kind: 'staff', orgId: world.board.id, accountId: world.boardAdmin.account.id, roles: ['BOARD_ADMIN'] }, input: { credentialId: world.license.id, action: 'revoke', reason: 'Disciplinary action' } })
      const next = await readRecords(clinicianToken, ['allergies'])
      expect(next.errors?.[0]?.extensions?.code).toBe('REVOKED')
      expect(next.data).toBeNull()
      const cut = await p.db.auditEntry.findMany({ where: { action: 'clinician.session_cut', subject: world.clinician.did } })
      expect(cut).toHaveLength(1)
      expect(cut[0]).toMatchObject({ decision: 'DONE', reasonCode: 'REVOKED', orgId: world.hospital.id })
      expect(await p.db.alert.count({ where: { ruleKey: 'license.revoked_with_active_session', orgId: world.hospital.id } })).toBe(1)
      // The same token, reused: still refused, audited, and no new cut.
      const reused = await as(clinicianToken)('{ consentedPatients { patientId } }')
      expect(reused.errors?.[0]?.extensions?.code).toBe('REVOKED')
      expect(await p.db.auditEntry.count({ where: { action: 'clinician.session_cut', subject: world.clinician.did } })).toBe(1)
      expect(await p.db.auditEntry.count({ where: { action: 'records.access', actor: world.clinician.did, decision: 'DENIED', reasonCode: 'REVOKED' } })).toBe(2)
      // And a new sign-in with the revoked licence is refused.
      const c = await challenge('CLINICIAN_SIGN_IN')
      const again = await anonymous.request('mutation($c: String!, $p: String!) { signInClinician(challenge: $c, presentation: $p) { token } }', { c: c.challenge, p: await world.clinician.present([world.license.jwt, world.privilege.jwt], c.challenge, c.domain) })
      expect(again.errors?.[0]?.extensions?.code).toBe('REVOKED')
    })

    it('erasure on the patient\'s signed request leaves nothing readable; the audit keeps the fact', async () => {
      const erased = await as(patientToken)('mutation($r: String!) { requestErasure(request: $r) { patientId records versions consentsRevoked } }', { r: await signedRequest('records.erase', patient.id) })
      expect(erased.errors).toBeUndefined()
      expect(erased.data!.requestErasure).toMatchObject({ patientId: patient.id, records: 5, versions: 5, consentsRevoked: 1 })

      const mine = await as(patientToken)('{ myRecords { records { id } } }')
      expect(mine.errors?.[0]?.extensions?.code).toBe('RECORDS_ERASED')
      const row = await p.db.patient.findUniqueOrThrow({ where: { id: patient.id } })
      expect(row).toMatchObject({ wrappedDataKey: null, profile: null })
      expect(await p.db.recordVersion.count({ where: { patientId: patient.id } })).toBe(0)
      expect(await p.db.patientRecord.count({ where: { patientId: patient.id } })).toBe(0)
      const list = await staff.request<{ patients: Array<{ id: string; name: string | null; erasedAt: string | null }> }>('{ patients { id name erasedAt } }')
      expect(list.data!.patients.find((x) => x.id === patient.id)).toMatchObject({ name: null })
      const add = await staff.request('mutation($p: ID!, $r: String!) { addRecord(patientId: $p, category: "allergies", resource: $r) { id } }', { p: patient.id, r: JSON.stringify(sampleRecords('a').allergies[0]) })
      expect(add.errors?.[0]?.extensions?.code).toBe('RECORDS_ERASED')

      const fact = await p.db.auditEntry.findFirstOrThrow({ where: { action: 'records.erase', subject: patient.id, decision: 'DONE' } })
      expect(JSON.parse(fact.details)).toMatchObject({ records: 5, versions: 5, requestedBy: patient.wallet.did, via: 'PATIENT' })
      const all = await p.db.auditEntry.findMany({ where: { subject: patient.id } })
      for (const e of all) expect(e.details).not.toMatch(/Penicillin|Carla|Asthma/)
      // Free text about the patient is gone as well; the audit chain still verifies after the erasure.
      for (const bg of await p.db.breakGlassAccess.findMany({ where: { patientId: patient.id } })) expect(bg).toMatchObject({ reason: '[erased]', reviewNote: null })
      for (const c of await p.db.consent.findMany({ where: { patientId: patient.id } })) expect(c).toMatchObject({ purpose: '[erased]', jwt: '[erased]', revokedReason: expect.any(String) })
      expect((await verifyAuditChain({ db: p.db })).ok).toBe(true)
      // The patient still sees who accessed what, the erasure included.
      const log = await as(patientToken)('{ myAccessLog { action decision reasonCode } }')
      expect(log.data!.myAccessLog.slice(0, 3)).toEqual([
        { action: 'records.write', decision: 'DENIED', reasonCode: 'RECORDS_ERASED' },
        { action: 'records.read', decision: 'DENIED', reasonCode: 'RECORDS_ERASED' },
        { action: 'records.erase', decision: 'DONE', reasonCode: null },
      ])
    })
  })
}
