import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedBoard, seedPersonKey, seedStaff } from '../../../prisma/seed/seed-functions.js'
import { createApiToken } from '../domain/accounts/api-tokens.js'
import { seedCredentialWorld } from '../testing/credential-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.js'
import { GraphQLTestClient, startTestServer, type TestServer } from '../testing/test-server.js'

describe('VC-API issuer routes', () => {
  let p: TestPlatform
  let server: TestServer
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  let token: string
  const until = () => new Date(Date.now() + 365 * 86_400_000).toISOString()
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) })
  const licence = (subject = seedPersonKey(p, 'c').did, claims: Record<string, unknown> = licenseClaims()) => ({
    credential: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential', 'ClinicianLicenseCredential'], expirationDate: until(), credentialSubject: { id: subject, ...claims } },
  })

  beforeAll(async () => {
    p = await startTestPlatform()
    server = await startTestServer(p)
    w = await seedCredentialWorld(p)
    token = (await createApiToken(p.db, { orgId: w.board.id, accountId: w.boardAdmin.account.id, input: { name: 'registry sync', scopes: ['credentials:issue', 'credentials:status'] } })).token
  })
  afterAll(async () => {
    await server.close()
    await p.destroy()
  })

  it('issues with an API token: 201 with the W3C credential and its JWT proof, the board as issuer', async () => {
    const res = await post('/credentials/issue', licence())
    expect(res.status).toBe(201)
    const { verifiableCredential: vc } = (await res.json()) as { verifiableCredential: { issuer: { id: string }; type: string[]; proof: { type: string; jwt: string } } }
    expect(vc.issuer.id).toBe(w.board.did)
    expect(vc.type).toContain('ClinicianLicenseCredential')
    expect(vc.proof.type).toBe('JwtProof2020')
    expect((await p.verifier.verifyCredential(vc.proof.jwt)).verified).toBe(true)
  })

  it('refuses bad requests with a code and writes nothing', async () => {
    const before = await p.db.issuedCredential.count()
    const expectCode = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status)
      expect(((await res.json()) as { code: string }).code).toBe(code)
    }
    await expectCode(await post('/credentials/issue', '{"credential": {'), 400, 'MALFORMED')
    await expectCode(await post('/credentials/issue', { ...licence(), extra: 1 }), 400, 'VALIDATION_FAILED')
    await expectCode(await post('/credentials/issue', { credential: { ...licence().credential, surprise: true } }), 400, 'VALIDATION_FAILED')
    await expectCode(await post('/credentials/issue', { credential: { ...licence().credential, type: 'ClinicianLicenseCredential' } }), 400, 'VALIDATION_FAILED')
    await expectCode(await post('/credentials/issue', licence(undefined, { ...licenseClaims(), npi: 12345 })), 400, 'VALIDATION_FAILED')
    await expectCode(await post('/credentials/issue', licence('did:ethr:0x539:0xnope')), 400, 'VALIDATION_FAILED')
    await expectCode(await post('/credentials/issue', licence(undefined, licenseClaims({ licenseType: 'DO' }))), 403, 'ISSUER_UNTRUSTED')
    const deniedBefore = await p.db.auditEntry.count({ where: { action: 'credential.issue', decision: 'DENIED', reasonCode: 'FORBIDDEN' } })
    await expectCode(await post('/credentials/issue', { credential: { ...licence().credential, issuer: w.hospital.did } }), 403, 'FORBIDDEN')
    expect(await p.db.auditEntry.count({ where: { action: 'credential.issue', decision: 'DENIED', reasonCode: 'FORBIDDEN' } })).toBe(deniedBefore + 1) // the refusal is audited, once
    await expectCode(await post('/credentials/issue', { credential: { ...licence().credential, credentialSubject: { id: 'x', pad: 'y'.repeat(1_100_000) } } }), 413, 'PAYLOAD_TOO_LARGE')
    await expectCode(await post('/credentials/issue', licence(), { authorization: 'Bearer cgt_not-a-token' }), 401, 'UNAUTHENTICATED')
    expect(await p.db.issuedCredential.count()).toBe(before)
  })

  it('wants the CSRF header with a staff cookie, and lets only the issuing board change a status', async () => {
    const staff = new GraphQLTestClient(server.baseUrl)
    await staff.login(w.boardAdmin.email, w.boardAdmin.password)
    const noCsrf = await fetch(`${server.baseUrl}/credentials/issue`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: staff.cookie! }, body: JSON.stringify(licence()) })
    expect(noCsrf.status).toBe(403)
    const withCsrf = await fetch(`${server.baseUrl}/credentials/issue`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: staff.cookie!, 'x-csrf-token': staff.csrfToken! }, body: JSON.stringify(licence()) })
    expect(withCsrf.status).toBe(201)

    const other = await seedBoard(p)
    const otherToken = (await createApiToken(p.db, { orgId: other.id, accountId: (await seedStaff(p, { orgId: other.id, roles: ['BOARD_ADMIN'] })).account.id, input: { name: 'other board', scopes: ['credentials:status'] } })).token
    const change = (tok: string, status: string, purpose = 'revocation') =>
      post('/credentials/status', { credentialId: w.license.id, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: purpose, status }] }, { authorization: `Bearer ${tok}` })
    expect((await change(otherToken, '1')).status).toBe(404)
    expect((await p.db.issuedCredential.findUniqueOrThrow({ where: { id: w.license.id } })).status).toBe('ACTIVE')
    expect(await (await change(token, '1', 'suspension')).json()).toEqual({ credentialId: w.license.id, status: 'SUSPENDED' })
    expect(await (await change(token, '0', 'suspension')).json()).toEqual({ credentialId: w.license.id, status: 'ACTIVE' })
    expect((await change(token, '0')).status).toBe(409) // revocation cannot be undone, and trying is audited
    expect(await p.db.auditEntry.count({ where: { action: 'credential.unrevoke', subject: w.license.id, decision: 'DENIED', reasonCode: 'CONFLICT' } })).toBe(1)
  })

  it('serves the signed status list with ETag revalidation and gzip', async () => {
    const list = await p.db.publishedStatusList.findFirstOrThrow({ where: { purpose: 'revocation', group: { issuerDid: w.board.did } } })
    const url = `${server.baseUrl}/status/${list.id}`
    const first = await fetch(url, { headers: { accept: 'application/vc+jwt' } })
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toMatch(/application\/vc\+jwt/)
    const etag = first.headers.get('etag')!
    const jwt = await first.text()
    expect(jwt.split('.')).toHaveLength(3)
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304)
    const asJson = (await (await fetch(url)).json()) as { type: string[]; credentialSubject: { statusPurpose: string; encodedList: string }; proof: { jwt: string } }
    expect(asJson.type).toContain('BitstringStatusListCredential')
    expect(asJson.credentialSubject.statusPurpose).toBe('revocation')
    const gz = await fetch(url, { headers: { 'accept-encoding': 'gzip' } }) // fetch inflates it again
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(((await gz.json()) as { proof: { jwt: string } }).proof.jwt).toBe(asJson.proof.jwt)
    expect((await fetch(`${server.baseUrl}/status/not-a-list`)).status).toBe(404)
  })
})
