import net from 'node:net'
import { decodeJWT } from 'did-jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedBoard, seedCredential } from '../../../../prisma/seed/seed-functions.js'
import { freePort } from '../../chain/anvil.js'
import { forgeJwt, seedCredentialWorld } from '../../testing/credential-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { startTestServer, type TestServer } from '../../testing/test-server.js'
import { HolderWallet } from '../../wallet/holder-wallet.js'
import { changeCredentialStatus } from '../credentials/change-credential-status.js'
import { issueCredentials } from '../credentials/issue-credentials.js'
import { issueChallenge } from './challenges.js'
import { defaultHiringPolicy } from './presentation-policies.js'
import { finalizePresentation } from './record-verification.js'
import type { VerificationReport } from './report.js'

const DOMAIN = 'hospital.example.org'

describe('verification pipeline', () => {
  let p: TestPlatform
  let server: TestServer
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  const system = { actor: { actorType: 'SYSTEM' as const, actor: 'test' } }

  beforeAll(async () => {
    p = await startTestPlatform()
    server = await startTestServer(p)
    w = await seedCredentialWorld(p)
  })
  afterAll(async () => {
    await server.close()
    await p.destroy()
  })

  async function present(wallet: HolderWallet, credentials: string[], opts: { domain?: string; challenge?: string } = {}) {
    const challenge = opts.challenge ?? (await issueChallenge(p.db, { domain: DOMAIN })).challenge
    const vp = await wallet.present(credentials, challenge, opts.domain ?? DOMAIN)
    return { vp, challenge }
  }
  const verifyVp = async (vp: string, challenge: string, extra: { now?: Date; domain?: string } = {}) =>
    finalizePresentation(p.db, await p.verifier.verifyPresentation(vp, { challenge, domain: extra.domain ?? DOMAIN, ...(extra.now ? { now: extra.now } : {}) }), system)
  const codes = (r: VerificationReport) => r.checks.filter((c) => !c.passed).map((c) => c.code)

  it('verifies a licence and a privilege presented for a fresh challenge, check by check, in the contract order', async () => {
    const { vp, challenge } = await present(w.clinician, [w.license.jwt, w.privilege.jwt])
    const report = await verifyVp(vp, challenge)
    expect(codes(report)).toEqual([])
    expect(report.verified).toBe(true)
    expect(report.holder).toBe(w.clinician.did)
    expect(report.credentials).toHaveLength(2)
    const licence = report.credentials[0]!
    expect(licence.types).toContain('ClinicianLicenseCredential')
    expect(licence.claims).toMatchObject({ name: 'Dr. Alice Nguyen', jurisdiction: 'US-CA' })
    expect(licence.checks.map((c) => c.check)).toEqual(['well-formed', 'signature', 'validity-dates', 'status', 'issuer-trust', 'holder-binding'])
    expect(licence.checks.find((c) => c.check === 'issuer-trust')?.message).toMatch(/accredited by .* for MD in US-CA/)
    expect(report.checks.map((c) => c.check).slice(-1)).toEqual(['challenge'])
    const audit = await p.db.auditEntry.findFirst({ where: { action: 'verification.presentation' }, orderBy: { seq: 'desc' } })
    expect(audit).toMatchObject({ decision: 'GRANTED', subject: w.clinician.did })
  })

  it('refuses a replayed presentation, an unknown challenge, another domain and an expired challenge', async () => {
    const { vp, challenge } = await present(w.clinician, [w.license.jwt])
    expect((await verifyVp(vp, challenge)).verified).toBe(true)
    expect(codes(await verifyVp(vp, challenge))).toContain('CHALLENGE_REPLAYED')
    const unknown = await present(w.clinician, [w.license.jwt], { challenge: 'not-a-challenge-we-issued' })
    expect(codes(await verifyVp(unknown.vp, unknown.challenge))).toContain('CHALLENGE_MISMATCH')
    const otherDomain = await present(w.clinician, [w.license.jwt], { domain: 'evil.example.com' })
    expect(codes(await verifyVp(otherDomain.vp, otherDomain.challenge))).toContain('DOMAIN_MISMATCH')
    const stale = await present(w.clinician, [w.license.jwt])
    const report = await verifyVp(stale.vp, stale.challenge, { now: new Date(Date.now() + 10 * 60_000) })
    expect(codes(report)).toEqual(expect.arrayContaining(['CHALLENGE_EXPIRED']))
  })

  it('accepts a challenge only once even when the same presentation races itself', async () => {
    const { vp, challenge } = await present(w.clinician, [w.license.jwt])
    const reports = await Promise.all([1, 2, 3, 4].map(() => verifyVp(vp, challenge)))
    expect(reports.filter((r) => r.verified)).toHaveLength(1)
    expect(reports.filter((r) => codes(r).includes('CHALLENGE_REPLAYED'))).toHaveLength(3)
  })

  it('commits concurrent decisions together, each with exactly one audit entry and its own outcome', async () => {
    const fresh = await Promise.all([1, 2, 3, 4, 5, 6].map(() => present(w.clinician, [w.license.jwt, w.privilege.jwt])))
    const reused = fresh[0]!
    const before = await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
    const reports = await Promise.all([
      ...fresh.map(({ vp, challenge }) => verifyVp(vp, challenge)),
      verifyVp(reused.vp, reused.challenge), // the same challenge again, in the same batch
      verifyVp(reused.vp, 'not-a-challenge-we-issued'),
    ])
    expect(reports.slice(0, 6).every((r) => r.verified)).toBe(true)
    expect(codes(reports[6]!)).toEqual(['CHALLENGE_REPLAYED'])
    expect(codes(reports[7]!)).toEqual(['CHALLENGE_MISMATCH'])
    const entries = await p.db.auditEntry.findMany({ where: { seq: { gt: before.seq } }, orderBy: { seq: 'asc' } })
    expect(entries.map((e) => e.action)).toEqual(Array(8).fill('verification.presentation'))
    expect(entries.map((e) => e.decision).sort()).toEqual([...Array(6).fill('GRANTED'), 'DENIED', 'DENIED'].sort())
    expect(entries.filter((e) => e.reasonCode === 'CHALLENGE_REPLAYED')).toHaveLength(1)
    const consumed = await p.db.presentationChallenge.count({ where: { id: { in: fresh.map((f) => f.challenge) }, consumedAt: { not: null } } })
    expect(consumed).toBe(6)
  })

  it('refuses a credential presented by someone other than its subject (HOLDER_MISMATCH)', async () => {
    const { wallet: mallory } = HolderWallet.create(p.chain.didPrefix)
    const { vp, challenge } = await present(mallory, [w.license.jwt])
    const report = await verifyVp(vp, challenge)
    expect(report.verified).toBe(false)
    expect(codes(report)).toContain('HOLDER_MISMATCH')
  })

  it('checks every credential inside a valid presentation in full: expired and not-yet-valid ones fail', async () => {
    const soon = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: w.clinician.did, claims: licenseClaims(), validUntil: new Date(Date.now() + 60 * 60_000) })
    const { vp, challenge } = await present(w.clinician, [soon.jwt])
    const later = new Date(Date.now() + 2 * 60 * 60_000)
    // the presentation and its challenge are checked "now"; the credential's own expiry is what fails
    const outcome = await p.verifier.verifyPresentation(vp, { challenge, domain: DOMAIN, now: later })
    expect(outcome.report.credentials[0]!.checks.find((c) => !c.passed)?.code).toBe('EXPIRED')
    expect(outcome.report.verified).toBe(false)

    const [future] = await issueCredentials(p, {
      issuer: w.board,
      actor: { actorType: 'SYSTEM', actor: 'test' },
      items: [{ type: 'ClinicianLicenseCredential', subjectDid: w.clinician.did, claims: licenseClaims(), validFrom: new Date(Date.now() + 86_400_000), validUntil: new Date(Date.now() + 2 * 86_400_000) }],
    })
    const next = await present(w.clinician, [future!.jwt])
    expect(codes(await verifyVp(next.vp, next.challenge))).toContain('NOT_YET_VALID')
  })

  it('refuses revoked and suspended licences', async () => {
    const caller = { kind: 'staff' as const, orgId: w.board.id, accountId: w.boardAdmin.account.id, roles: ['BOARD_ADMIN' as const] }
    const suspended = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: w.clinician.did, claims: licenseClaims() })
    await changeCredentialStatus(p.db, { caller, input: { credentialId: suspended.id, action: 'suspend', reason: 'investigation' } })
    expect(codes(await p.verifier.verifyCredential(suspended.jwt))).toEqual(['SUSPENDED'])
    await changeCredentialStatus(p.db, { caller, input: { credentialId: suspended.id, action: 'revoke', reason: 'misconduct' } })
    expect(codes(await p.verifier.verifyCredential(suspended.jwt))).toEqual(['REVOKED'])
  })

  it('refuses a perfectly signed licence from an unaccredited board (ISSUER_UNTRUSTED)', async () => {
    const rogue = await seedBoard(p)
    const [licence] = await issueCredentials(p, {
      issuer: rogue,
      actor: { actorType: 'SYSTEM', actor: 'test' },
      items: [{ type: 'ClinicianLicenseCredential', subjectDid: w.clinician.did, claims: licenseClaims(), validFrom: new Date(), validUntil: new Date(Date.now() + 86_400_000) }],
    })
    const report = await p.verifier.verifyCredential(licence!.jwt)
    expect(report.checks.map((c) => [c.check, c.passed])).toEqual([
      ['well-formed', true],
      ['signature', true],
      ['validity-dates', true],
      ['status', true],
      ['issuer-trust', false],
    ])
    expect(codes(report)).toEqual(['ISSUER_UNTRUSTED'])
  })

  it('refuses a status list signed by someone else, and one whose URL times out (STATUS_UNAVAILABLE)', async () => {
    const { wallet: forger } = HolderWallet.create(p.chain.didPrefix)
    const realStatus = (decodeJWT(w.license.jwt).payload as { vc: { credentialStatus: unknown } }).vc.credentialStatus
    const forged = await forger.issue({ type: ['VerifiableCredential', 'ClinicianLicenseCredential'], subject: { id: w.clinician.did, ...licenseClaims() }, validFrom: new Date(), status: realStatus })
    const report = await p.verifier.verifyCredential(forged)
    expect(codes(report)).toEqual(['STATUS_UNAVAILABLE'])
    expect(report.checks.find((c) => !c.passed)?.message).toMatch(/not signed by the credential's issuer/)

    const silent = net.createServer(() => undefined) // accepts, never answers
    const port = await freePort()
    await new Promise<void>((r) => silent.listen(port, '127.0.0.1', r))
    try {
      const url = `http://127.0.0.1:${port}/status/1`
      const hanging = await forger.issue({
        type: ['VerifiableCredential', 'ClinicianLicenseCredential'],
        subject: { id: w.clinician.did, ...licenseClaims() },
        validFrom: new Date(),
        status: [{ id: `${url}#5`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '5', statusListCredential: url }],
      })
      const started = Date.now()
      const timedOut = await p.verifier.verifyCredential(hanging)
      expect(codes(timedOut)).toEqual(['STATUS_UNAVAILABLE'])
      expect(timedOut.checks.find((c) => !c.passed)?.message).toMatch(/timed out/)
      expect(Date.now() - started).toBeLessThan(10_000)
    } finally {
      silent.close()
    }
  })

  it('applies a hiring policy declared as a presentation definition', async () => {
    const policy = { ...defaultHiringPolicy('US-NY'), id: 'ny-hiring' }
    const { vp, challenge } = await present(w.clinician, [w.license.jwt])
    const outcome = await p.verifier.verifyPresentation(vp, { challenge, domain: DOMAIN, policy })
    expect(outcome.report.checks.at(-1)).toMatchObject({ check: 'policy', passed: false, code: 'POLICY_UNSATISFIED' })
    const ok = await present(w.clinician, [w.license.jwt])
    const good = await p.verifier.verifyPresentation(ok.vp, { challenge: ok.challenge, domain: DOMAIN, policy: defaultHiringPolicy('US-CA') })
    expect(good.report.verified).toBe(true)
  })

  describe('hostile and broken input: never verified, never a crash', () => {
    const licence = () => w.license.jwt
    const header = () => decodeJWT(licence()).header
    const payload = () => decodeJWT(licence()).payload
    const sig = () => licence().split('.')[2]!
    const cases: Array<[string, () => unknown, string]> = [
      ['truncated JWT', () => licence().slice(0, licence().length - 20), 'SIGNATURE_INVALID'],
      ['garbled JWT', () => licence().replace(/[A-Za-z]/g, (c) => (c === 'a' ? 'b' : c)), ''],
      ['two segments', () => licence().split('.').slice(0, 2).join('.'), 'MALFORMED'],
      ['four segments', () => `${licence()}.abc`, 'MALFORMED'],
      ['non-JSON payload', () => forgeJwt(header(), 'not json at all', sig()), 'MALFORMED'],
      ['payload of several MB', () => forgeJwt(header(), { ...payload(), pad: 'x'.repeat(3_000_000) }, sig()), 'MALFORMED'],
      ['deeply nested credential', () => forgeJwt(header(), JSON.stringify({ ...payload(), deep: 'DEEP' }).replace('"DEEP"', '['.repeat(5000) + ']'.repeat(5000)), sig()), 'MALFORMED'],
      ['duplicate JSON keys', () => `${Buffer.from(JSON.stringify(header())).toString('base64url')}.${Buffer.from(`{"iss":"${payload().iss}","iss":"did:ethr:0x539:0x${'1'.repeat(40)}","vc":{}}`).toString('base64url')}.${sig()}`, 'MALFORMED'],
      ['alg none', () => forgeJwt({ alg: 'none', typ: 'JWT' }, payload(), ''), 'MALFORMED'],
      ['alg none with a signature', () => forgeJwt({ alg: 'none', typ: 'JWT' }, payload(), sig()), 'UNSUPPORTED_ALGORITHM'],
      ['HMAC algorithm', () => forgeJwt({ alg: 'HS256', typ: 'JWT' }, payload(), sig()), 'UNSUPPORTED_ALGORITHM'],
      ['algorithm confusion (ES256 header)', () => forgeJwt({ ...header(), alg: 'ES256' }, payload(), sig()), 'UNSUPPORTED_ALGORITHM'],
      ['embedded jwk', () => forgeJwt({ ...header(), jwk: { kty: 'EC' } }, payload(), sig()), 'MALFORMED'],
      ['kid not in the document', () => forgeJwt({ ...header(), kid: `${payload().iss}#not-a-key` }, payload(), sig()), 'KEY_NOT_AUTHORIZED'],
      ['kid of another DID', () => forgeJwt({ ...header(), kid: `did:ethr:0x539:0x${'2'.repeat(40)}#controller` }, payload(), sig()), 'KEY_NOT_AUTHORIZED'],
      ['changed claim', () => forgeJwt(header(), { ...payload(), vc: { ...(payload() as { vc: object }).vc, credentialSubject: { name: 'Mallory', licenseType: 'MD', jurisdiction: 'US-CA' } } }, sig()), 'SIGNATURE_INVALID'],
      ['unicode homoglyphs in the issuer DID', () => forgeJwt(header(), { ...payload(), iss: String(payload().iss).replace('0x', '0\u0445') }, sig()), 'MALFORMED'],
      ['issuer DID with zero-width space', () => forgeJwt(header(), { ...payload(), iss: `${payload().iss}\u200b` }, sig()), 'MALFORMED'],
      ['a number', () => 42, 'MALFORMED'],
      ['an object without proof', () => ({ credentialSubject: {} }), 'MALFORMED'],
      ['a Data Integrity proof', () => ({ proof: { type: 'DataIntegrityProof', proofValue: 'z' } }), 'UNSUPPORTED_ALGORITHM'],
    ]
    for (const [name, input, code] of cases) {
      it(`refuses ${name}`, async () => {
        const report = await p.verifier.verifyCredential(input())
        expect(report.verified).toBe(false)
        if (code) expect(codes(report)[0]).toBe(code)
      })
    }

    it('refuses broken presentations and a VP whose signature is not the holder\'s', async () => {
      const challenge = (await issueChallenge(p.db, { domain: DOMAIN })).challenge
      const vp = await w.clinician.present([w.license.jwt], challenge, DOMAIN)
      const [h, pl] = vp.split('.')
      const other = await HolderWallet.create(p.chain.didPrefix).wallet.present([w.license.jwt], challenge, DOMAIN)
      for (const bad of [`${h}.${pl}.${other.split('.')[2]}`, `${h}.${pl}`, vp.slice(0, -30), forgeJwt({ alg: 'none' }, JSON.parse(Buffer.from(pl!, 'base64url').toString()), '')]) {
        const outcome = await p.verifier.verifyPresentation(bad, { challenge, domain: DOMAIN })
        expect(outcome.report.verified).toBe(false)
        expect(outcome.challengeToConsume).toBeUndefined() // a forged presentation cannot burn the challenge
      }
      expect((await verifyVp(vp, challenge)).verified).toBe(true)
    })
  })

  describe('identifiers of any size', () => {
    const post = (path: string, body: unknown) =>
      fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

    it('audits a refused credential or presentation whose identifiers are huge, without an error (ids and types are cut to size)', async () => {
      const [, pl] = w.license.jwt.split('.')
      const payload = JSON.parse(Buffer.from(pl!, 'base64url').toString()) as { jti: string; vc: { type: string[] } }
      const forged = forgeJwt({ alg: 'ES256K', typ: 'JWT' }, { ...payload, jti: `urn:uuid:${'x'.repeat(5000)}`, vc: { ...payload.vc, type: ['VerifiableCredential', 'T'.repeat(5000)] } }, Buffer.alloc(64, 1).toString('base64url'))
      const credentialReport = await post('/credentials/verify', { verifiableCredential: forged })
      expect(credentialReport.status).toBe(200)
      expect(((await credentialReport.json()) as { verified: boolean }).verified).toBe(false)
      const challenge = (await issueChallenge(p.db, { domain: DOMAIN })).challenge
      const vp = await w.clinician.present([forged], challenge, DOMAIN)
      const presentationReport = await post('/presentations/verify', { verifiablePresentation: vp, options: { challenge, domain: DOMAIN } })
      expect(presentationReport.status).toBe(200)
      expect(((await presentationReport.json()) as { verified: boolean }).verified).toBe(false)
      const last = await p.db.auditEntry.findFirst({ where: { action: 'verification.presentation' }, orderBy: { seq: 'desc' } })
      expect(last).toMatchObject({ decision: 'DENIED', subject: w.clinician.did })
    })
  })

  describe('VC-API', () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) })

    it('files an anonymous caller\'s decision under the organisation that issued the challenge', async () => {
      const { challenge } = await issueChallenge(p.db, { domain: DOMAIN, orgId: w.hospital.id })
      const { wallet: stranger } = HolderWallet.create(p.chain.didPrefix)
      const vp = await stranger.present([w.license.jwt], challenge, DOMAIN) // someone else's licence
      const res = await post('/presentations/verify', { verifiablePresentation: vp, options: { challenge, domain: DOMAIN } })
      expect(((await res.json()) as { verified: boolean }).verified).toBe(false)
      const entry = await p.db.auditEntry.findFirst({ where: { action: 'verification.presentation', subject: stranger.did }, orderBy: { seq: 'desc' } })
      expect(entry).toMatchObject({ actorType: 'ANONYMOUS', orgId: w.hospital.id, decision: 'DENIED', reasonCode: 'HOLDER_MISMATCH' })
    })

    it('verifies a credential given as the W3C object or the compact JWT, in the VC-API shape', async () => {
      const res = await post('/credentials/verify', { verifiableCredential: w.license.jwt })
      expect(res.status).toBe(200)
      const body = (await res.json()) as { verified: boolean; checks: string[]; errors: string[]; warnings: string[]; report: VerificationReport }
      expect(body).toMatchObject({ verified: true, errors: [], warnings: [] })
      expect(body.checks).toEqual(['well-formed', 'signature', 'validity-dates', 'status', 'issuer-trust'])
      const asObject = await post('/credentials/verify', { verifiableCredential: { proof: { type: 'JwtProof2020', jwt: w.license.jwt } } })
      expect(((await asObject.json()) as { verified: boolean }).verified).toBe(true)
    })

    it('issues challenges and verifies presentations; failures are 200 verified:false, malformed requests 400, huge ones 413', async () => {
      const c = await post('/presentations/challenges', { domain: DOMAIN })
      expect(c.status).toBe(201)
      const { challenge, domain, expiresAt } = (await c.json()) as { challenge: string; domain: string; expiresAt: string }
      expect(domain).toBe(DOMAIN)
      expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now())
      const vp = await w.clinician.present([w.license.jwt, w.privilege.jwt], challenge, DOMAIN)
      const ok = await post('/presentations/verify', { verifiablePresentation: vp, options: { challenge, domain: DOMAIN } })
      expect(((await ok.json()) as { verified: boolean }).verified).toBe(true)
      const replay = await post('/presentations/verify', { verifiablePresentation: vp, options: { challenge, domain: DOMAIN } })
      expect(replay.status).toBe(200)
      expect((await replay.json()) as { verified: boolean; errors: string[] }).toMatchObject({ verified: false, errors: [expect.stringMatching(/^CHALLENGE_REPLAYED/)] })
      expect((await post('/presentations/verify', '{"verifiablePresentation": ')).status).toBe(400)
      expect((await post('/presentations/verify', { wrong: true })).status).toBe(400)
      expect((await post('/credentials/verify', { verifiableCredential: 'x'.repeat(2_000_000) })).status).toBe(413)
      expect((await post('/presentations/challenges', { domain: 'not a domain!' })).status).toBe(400)
    })
  })
})

describe('verification when the chain is down', () => {
  let p: TestPlatform
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  beforeAll(async () => {
    p = await startTestPlatform()
    w = await seedCredentialWorld(p)
  })
  afterAll(async () => {
    await p.destroy()
  })

  it('fails closed with DID_UNRESOLVABLE, even for a credential that verified a moment before', async () => {
    expect((await p.verifier.verifyCredential(w.license.jwt)).verified).toBe(true)
    p.anvil!.kill()
    await new Promise((r) => setTimeout(r, 200))
    const report = await p.verifier.verifyCredential(w.license.jwt)
    expect(report.verified).toBe(false)
    expect(report.checks.find((c) => !c.passed)).toMatchObject({ check: 'signature', code: 'DID_UNRESOLVABLE' })
  })
})
