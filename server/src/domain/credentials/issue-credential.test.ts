import { Resolver } from 'did-resolver'
import { verifyCredential } from 'did-jwt-vc'
import { getResolver } from 'ethr-did-resolver'
import { JsonRpcProvider } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedAccreditation, seedBoard, seedHospital, seedPersonKey, seedStaff, seedTrustAnchor } from '../../../../prisma/seed/seed-functions.js'
import { AppError } from '../../errors.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { decodeStatusList, readStatusBit } from '../status/bitstring.js'
import { getStatusListCredential } from '../status/publish-status-list.js'
import { changeCredentialStatus } from './change-credential-status.js'
import { issueCredential } from './issue-credential.js'
import type { OrgCaller } from './issuer-permissions.js'
import { decodeJWT } from 'did-jwt'

describe('licence issuance', () => {
  let p: TestPlatform
  let board: Awaited<ReturnType<typeof seedBoard>>
  let boardAdmin: OrgCaller
  let otherBoardAdmin: OrgCaller
  const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString()

  beforeAll(async () => {
    p = await startTestPlatform()
    const anchor = await seedTrustAnchor(p)
    board = await seedBoard(p)
    const otherBoard = await seedBoard(p)
    await seedAccreditation(p, { anchor, board, licenseTypes: ['MD', 'RN'], jurisdictions: ['US-CA'] })
    await seedAccreditation(p, { anchor, board: otherBoard, licenseTypes: ['MD'], jurisdictions: ['US-CA'] })
    const admin = await seedStaff(p, { orgId: board.id, roles: ['BOARD_ADMIN'] })
    const otherAdmin = await seedStaff(p, { orgId: otherBoard.id, roles: ['BOARD_ADMIN'] })
    boardAdmin = { kind: 'staff', orgId: board.id, accountId: admin.account.id, roles: ['BOARD_ADMIN'] }
    otherBoardAdmin = { kind: 'staff', orgId: otherBoard.id, accountId: otherAdmin.account.id, roles: ['BOARD_ADMIN'] }
  })
  afterAll(async () => {
    await p.destroy()
  })

  const issueLicense = (claims = licenseClaims(), subjectDid = seedPersonKey(p, 'c').did, caller = boardAdmin, validUntil = inAYear()) =>
    issueCredential(p, { caller, request: { type: 'ClinicianLicenseCredential', subjectDid, claims, validUntil } })

  it('issues a ClinicianLicenseCredential that an independent did:ethr JWT verifier accepts against the same chain', async () => {
    const clinician = seedPersonKey(p, 'Dr. Alice')
    const claims = licenseClaims({ name: 'Dr. Alice' })
    const issued = await issueLicense(claims, clinician.did)
    expect(decodeJWT(issued.jwt).header.alg).toBe('ES256K')
    const independent = new Resolver(getResolver({ networks: [{ name: '0x539', chainId: 1337, registry: p.chain.registry, provider: new JsonRpcProvider(p.chain.rpcUrl) as never }] }))
    const verified = await verifyCredential(issued.jwt, independent)
    expect(verified.verifiableCredential.issuer).toEqual({ id: board.did })
    expect(verified.verifiableCredential.credentialSubject).toMatchObject({ id: clinician.did, npi: claims.npi, jurisdiction: 'US-CA', licenseType: 'MD' })
    expect(verified.verifiableCredential.type).toContain('ClinicianLicenseCredential')
    const status = verified.verifiableCredential.credentialStatus as unknown as Array<{ type: string; statusPurpose: string; statusListIndex: string; statusListCredential: string }>
    expect(status.map((s) => s.statusPurpose)).toEqual(['revocation', 'suspension'])
    expect(status[0]!.statusListIndex).toBe(status[1]!.statusListIndex)
    expect(status[0]!.statusListCredential.startsWith(`${p.config.publicUrl}/status/`)).toBe(true)
    const audit = await p.db.auditEntry.findMany({ where: { subject: issued.id } })
    expect(audit).toMatchObject([{ action: 'credential.issue', actor: boardAdmin.kind === 'staff' ? boardAdmin.accountId : '', decision: 'DONE' }])
  })

  it('rejects bad input field by field: no credential, one DENIED entry per attempt naming fields, never values', async () => {
    const before = { creds: await p.db.issuedCredential.count(), head: await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } }) }
    const attempt = (claims: Record<string, unknown>, subjectDid = seedPersonKey(p, 'c').did, validUntil = inAYear()) =>
      issueCredential(p, { caller: boardAdmin, request: { type: 'ClinicianLicenseCredential', subjectDid, claims, validUntil } }).then(
        () => undefined,
        (e: AppError) => e,
      )
    const badNpi = await attempt({ ...licenseClaims({ name: 'Dr. Refused Person' }), npi: '1234567890' })
    expect(badNpi?.code).toBe('VALIDATION_FAILED')
    expect(badNpi?.details?.fields).toEqual([{ field: 'claims.npi', message: expect.stringMatching(/Luhn/) }])
    expect((await attempt({ ...licenseClaims(), jurisdiction: 'US-XX' }))?.details?.fields?.[0]?.field).toBe('claims.jurisdiction')
    expect((await attempt({ ...licenseClaims(), licenseType: 'Wizard' }))?.details?.fields?.[0]?.field).toBe('claims.licenseType')
    expect((await attempt({ ...licenseClaims(), extra: 'x' }))?.details?.fields?.[0]?.message).toMatch(/[Uu]nrecognized/)
    expect((await attempt(licenseClaims(), seedPersonKey(p, 'c').did, new Date(Date.now() - 1000).toISOString()))?.details?.fields?.[0]?.field).toBe('validUntil')
    expect((await attempt(licenseClaims(), 'did:ethr:0x539:0xnothex'))?.details?.fields?.[0]?.field).toBe('subjectDid')
    expect((await attempt(licenseClaims(), 'did:ethr:0x1:0x' + 'a'.repeat(40)))?.details?.fields?.[0]?.field).toBe('subjectDid')
    expect((await attempt(licenseClaims(), 'did:ethr:0x539:0x' + '\u0430'.repeat(40)))?.code).toBe('VALIDATION_FAILED') // Cyrillic homoglyphs
    expect(await p.db.issuedCredential.count()).toBe(before.creds)
    const entries = await p.db.auditEntry.findMany({ where: { seq: { gt: before.head.seq } }, orderBy: { seq: 'asc' } })
    expect(entries).toHaveLength(8)
    for (const e of entries) expect(e).toMatchObject({ action: 'credential.issue', decision: 'DENIED', reasonCode: 'VALIDATION_FAILED', orgId: board.id, actor: boardAdmin.kind === 'staff' ? boardAdmin.accountId : '' })
    expect(JSON.parse(entries[0]!.details)).toEqual({ type: 'ClinicianLicenseCredential', fields: ['claims.npi'] })
    for (const e of entries) expect(e.details).not.toMatch(/Refused Person|1234567890|Luhn|US-XX|Wizard/)
  })

  it('audits every issuance refusal once (FORBIDDEN, ISSUER_UNTRUSTED), and issues nothing', async () => {
    const hospital = await seedHospital(p)
    const hr: OrgCaller = { kind: 'staff', orgId: hospital.id, accountId: 'hr-refused', roles: ['HR'] }
    const creds = await p.db.issuedCredential.count()
    const denied = (subject: string) => p.db.auditEntry.findMany({ where: { action: 'credential.issue', decision: 'DENIED', subject } })
    const asHr = seedPersonKey(p, 'c').did
    await expect(issueLicense(licenseClaims(), asHr, hr)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(await denied(asHr)).toMatchObject([{ reasonCode: 'FORBIDDEN', actorType: 'STAFF', actor: 'hr-refused', orgId: hospital.id, subjectType: 'DID' }])
    // a hospital admin may issue privileges but not licences: the organisation kind refuses
    const admin: OrgCaller = { kind: 'staff', orgId: hospital.id, accountId: 'admin-refused', roles: ['HOSPITAL_ADMIN', 'BOARD_ADMIN'] }
    const wrongKind = seedPersonKey(p, 'c').did
    await expect(issueLicense(licenseClaims(), wrongKind, admin)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(await denied(wrongKind)).toMatchObject([{ reasonCode: 'FORBIDDEN', actor: 'admin-refused' }])
    const untrusted = seedPersonKey(p, 'c').did
    await expect(issueLicense(licenseClaims({ licenseType: 'DO', name: 'Dr. Untrusted' }), untrusted)).rejects.toMatchObject({ code: 'ISSUER_UNTRUSTED' })
    const [entry] = await denied(untrusted)
    expect(entry).toMatchObject({ reasonCode: 'ISSUER_UNTRUSTED', orgId: board.id })
    expect(JSON.parse(entry!.details)).toEqual({ type: 'ClinicianLicenseCredential', fields: ['claims.licenseType'] })
    expect(entry!.details).not.toMatch(/Untrusted|npi/i)
    expect(await p.db.issuedCredential.count()).toBe(creds)
  })

  it('audits every status-change refusal once (VALIDATION_FAILED, NOT_FOUND, FORBIDDEN, CONFLICT), changing nothing', async () => {
    const issued = await issueLicense()
    const auditor = await seedStaff(p, { orgId: board.id, roles: ['AUDITOR'] })
    const boardAuditor: OrgCaller = { kind: 'staff', orgId: board.id, accountId: auditor.account.id, roles: ['AUDITOR'] }
    const change = (caller: OrgCaller, input: { credentialId: string; action: 'suspend' | 'reinstate' | 'revoke'; reason: string }) => changeCredentialStatus(p.db, { caller, input })
    await expect(change(boardAdmin, { credentialId: issued.id, action: 'suspend', reason: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(change(otherBoardAdmin, { credentialId: issued.id, action: 'revoke', reason: 'not mine' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(change(boardAuditor, { credentialId: issued.id, action: 'suspend', reason: 'only looking' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(change(boardAdmin, { credentialId: issued.id, action: 'reinstate', reason: 'was never suspended' })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await p.db.issuedCredential.findUniqueOrThrow({ where: { id: issued.id } })).toMatchObject({ status: 'ACTIVE', statusReason: null })
    expect(await p.db.credentialStatusEvent.count({ where: { credentialId: issued.id } })).toBe(1) // ISSUED only
    const entries = await p.db.auditEntry.findMany({ where: { subject: issued.id, decision: 'DENIED' }, orderBy: { seq: 'asc' } })
    expect(entries.map((e) => [e.action, e.reasonCode, e.actor, e.orgId])).toEqual([
      ['credential.suspend', 'VALIDATION_FAILED', boardAdmin.kind === 'staff' ? boardAdmin.accountId : '', board.id],
      ['credential.revoke', 'NOT_FOUND', otherBoardAdmin.kind === 'staff' ? otherBoardAdmin.accountId : '', otherBoardAdmin.orgId],
      ['credential.suspend', 'FORBIDDEN', auditor.account.id, board.id],
      ['credential.reinstate', 'CONFLICT', boardAdmin.kind === 'staff' ? boardAdmin.accountId : '', board.id],
    ])
    expect(JSON.parse(entries[0]!.details)).toEqual({ fields: ['reason'] })
    expect(JSON.parse(entries[1]!.details)).toEqual({}) // another board learns nothing, and records nothing of it
    expect(JSON.parse(entries[3]!.details)).toEqual({ type: 'ClinicianLicenseCredential', from: 'ACTIVE' })
    for (const e of entries) expect(e.details).not.toMatch(/not mine|only looking|never suspended/)
  })

  it('refuses licence types and jurisdictions the board is not accredited for, and suspended accreditation', async () => {
    await expect(issueLicense(licenseClaims({ licenseType: 'DO' }))).rejects.toMatchObject({ code: 'ISSUER_UNTRUSTED' })
    await expect(issueLicense(licenseClaims({ jurisdiction: 'US-NY' }))).rejects.toMatchObject({ code: 'ISSUER_UNTRUSTED' })
    const accreditation = await p.db.issuedCredential.findFirstOrThrow({ where: { type: 'AccreditationCredential', subjectDid: board.did } })
    const anchorAdmin: OrgCaller = { kind: 'staff', orgId: accreditation.orgId, accountId: 'anchor-admin', roles: ['TRUST_ADMIN'] }
    await changeCredentialStatus(p.db, { caller: anchorAdmin, input: { credentialId: accreditation.id, action: 'suspend', reason: 'under review' } })
    await expect(issueLicense()).rejects.toMatchObject({ code: 'ISSUER_UNTRUSTED' })
    await changeCredentialStatus(p.db, { caller: anchorAdmin, input: { credentialId: accreditation.id, action: 'reinstate', reason: 'review closed' } })
    await expect(issueLicense()).resolves.toBeTruthy()
  })

  it('lets only a board admin issue licences, and only the issuing board change their status', async () => {
    const hospital = await seedHospital(p)
    const hr: OrgCaller = { kind: 'staff', orgId: hospital.id, accountId: 'hr', roles: ['HR'] }
    await expect(issueLicense(licenseClaims(), seedPersonKey(p, 'c').did, hr)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const issued = await issueLicense()
    await expect(changeCredentialStatus(p.db, { caller: otherBoardAdmin, input: { credentialId: issued.id, action: 'revoke', reason: 'not mine' } })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await p.db.issuedCredential.findUniqueOrThrow({ where: { id: issued.id } })).status).toBe('ACTIVE')
  })

  it('supersedes the current licence on re-issue of the same number and jurisdiction, even under concurrent re-issues', async () => {
    const clinician = seedPersonKey(p, 'c')
    const claims = licenseClaims()
    const first = await issueLicense(claims, clinician.did)
    const second = await issueLicense({ ...claims, specialty: 'Cardiology' }, clinician.did)
    expect(second.supersedesId).toBe(first.id)
    const old = await p.db.issuedCredential.findUniqueOrThrow({ where: { id: first.id } })
    expect(old).toMatchObject({ status: 'REVOKED', statusReason: 'superseded', supersededById: second.id, currentKey: null })
    await Promise.all([1, 2, 3].map((i) => issueLicense({ ...claims, specialty: `Specialty ${i}` }, clinician.did)))
    const forNumber = await p.db.issuedCredential.findMany({ where: { orgId: board.id, naturalKey: `US-CA:${claims.licenseNumber}` } })
    expect(forNumber).toHaveLength(5)
    expect(forNumber.filter((c) => c.status === 'ACTIVE')).toHaveLength(1)
  })

  it('suspends, reinstates and revokes (finally), and the next status list request reflects each change', async () => {
    const issued = await issueLicense()
    const lists = await p.db.publishedStatusList.findMany({ where: { groupId: issued.statusGroupId } })
    const bit = async (purpose: string) => {
      const { jwt } = await getStatusListCredential(p, lists.find((l) => l.purpose === purpose)!.id)
      const subject = (decodeJWT(jwt).payload as { vc: { credentialSubject: { encodedList: string; statusPurpose: string } } }).vc.credentialSubject
      expect(subject.statusPurpose).toBe(purpose)
      return readStatusBit(decodeStatusList(subject.encodedList), issued.statusIndex)
    }
    expect([await bit('revocation'), await bit('suspension')]).toEqual([false, false])
    await changeCredentialStatus(p.db, { caller: boardAdmin, input: { credentialId: issued.id, action: 'suspend', reason: 'investigation' } })
    expect([await bit('revocation'), await bit('suspension')]).toEqual([false, true])
    await changeCredentialStatus(p.db, { caller: boardAdmin, input: { credentialId: issued.id, action: 'reinstate', reason: 'cleared' } })
    expect(await bit('suspension')).toBe(false)
    await changeCredentialStatus(p.db, { caller: boardAdmin, input: { credentialId: issued.id, action: 'revoke', reason: 'misconduct' } })
    expect(await bit('revocation')).toBe(true)
    await expect(changeCredentialStatus(p.db, { caller: boardAdmin, input: { credentialId: issued.id, action: 'reinstate', reason: 'oops' } })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(changeCredentialStatus(p.db, { caller: boardAdmin, input: { credentialId: issued.id, action: 'revoke', reason: 'again' } })).rejects.toMatchObject({ code: 'CONFLICT' })
    const events = await p.db.credentialStatusEvent.findMany({ where: { credentialId: issued.id }, orderBy: { at: 'asc' } })
    expect(events.map((e) => e.action)).toEqual(['ISSUED', 'SUSPENDED', 'REINSTATED', 'REVOKED'])
    const audit = await p.db.auditEntry.findMany({ where: { subject: issued.id }, orderBy: { seq: 'asc' } })
    expect(audit.filter((a) => a.decision === 'DONE').map((a) => a.action)).toEqual(['credential.issue', 'credential.suspend', 'credential.reinstate', 'credential.revoke'])
    // the two refused changes after the revocation changed nothing and left one DENIED entry each
    expect(audit.filter((a) => a.decision === 'DENIED').map((a) => [a.action, a.reasonCode])).toEqual([
      ['credential.reinstate', 'CONFLICT'],
      ['credential.revoke', 'CONFLICT'],
    ])
  })

  it('allocates status indexes at random, without reuse, under concurrent issuance', async () => {
    const issued = await Promise.all(Array.from({ length: 30 }, () => issueLicense()))
    const indexes = issued.map((c) => c.statusIndex)
    expect(new Set(indexes).size).toBe(30)
    const sorted = [...indexes].sort((a, b) => a - b)
    expect(indexes).not.toEqual(sorted) // not handed out in order
    expect(Math.max(...indexes) - Math.min(...indexes)).toBeGreaterThan(1000)
  })
})
