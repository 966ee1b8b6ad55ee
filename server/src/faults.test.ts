/**
 * Faults, each bounded: the chain node killed and restarted (verification fails closed, then recovers by
 * itself), and the SQLite disk filling up (a clean error with a code, nothing half-written, the server up).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedPersonKey } from '../../prisma/seed/seed-functions.js'
import { startAnvil } from './chain/anvil.js'
import { verifyAuditChain } from './domain/audit/verify-audit-chain.js'
import { seedCredentialWorld } from './testing/credential-fixtures.js'
import { startTestPlatform, type TestPlatform } from './testing/test-platform.js'
import { GraphQLTestClient, startTestServer, type TestServer } from './testing/test-server.js'

describe('the chain node dies and comes back', () => {
  let p: TestPlatform
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  beforeAll(async () => {
    p = await startTestPlatform()
    w = await seedCredentialWorld(p)
  })
  afterAll(async () => {
    await p.destroy()
  })

  it('fails closed while it is down and recovers without a restart of ours', async () => {
    expect((await p.verifier.verifyCredential(w.license.jwt)).verified).toBe(true)
    await p.anvil!.stop() // state saved, like a node restart
    const down = await p.verifier.verifyCredential(w.license.jwt)
    expect(down.verified).toBe(false)
    expect(down.checks.find((c) => !c.passed)?.code).toBe('DID_UNRESOLVABLE')
    const again = await startAnvil({ port: p.anvil!.port, chainId: p.chain.chainId, stateFile: `${p.dataDir}/chain-state.json` })
    try {
      const deadline = Date.now() + 20_000
      let report = await p.verifier.verifyCredential(w.license.jwt)
      while (!report.verified && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200))
        report = await p.verifier.verifyCredential(w.license.jwt)
      }
      expect(report.verified).toBe(true)
    } finally {
      await again.stop()
    }
  })
})

describe('the SQLite disk fills up', () => {
  let p: TestPlatform
  let server: TestServer
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  beforeAll(async () => {
    p = await startTestPlatform()
    server = await startTestServer(p)
    w = await seedCredentialWorld(p)
  })
  afterAll(async () => {
    await server.close()
    await p.destroy()
  })

  it('answers UNAVAILABLE with a clear message, writes nothing half, and keeps serving', async () => {
    const client = new GraphQLTestClient(server.baseUrl)
    await client.login(w.boardAdmin.email, w.boardAdmin.password)
    const before = { credentials: await p.db.issuedCredential.count(), head: await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } }) }
    // No room for another page: the next write fails as on a full disk (SQLITE_FULL).
    const pages = ((await p.db.$queryRawUnsafe('PRAGMA page_count')) as Array<{ page_count: number | bigint }>)[0]!.page_count
    await p.db.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(pages)}`)
    const issue = () =>
      client.request('mutation($i: LicenseInput!) { issueLicense(input: $i) { id } }', {
        i: { subjectDid: seedPersonKey(p, 'c').did, ...licenseClaims(), validUntil: new Date(Date.now() + 86_400_000).toISOString() },
      })
    let full: Awaited<ReturnType<typeof issue>> | undefined
    for (let i = 0; i < 20 && !full?.errors; i++) full = await issue() // fills the last free pages first
    expect(full?.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE')
    expect(full?.errors?.[0]?.message).toMatch(/storage is full/i)
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200)
    // whatever did commit is whole: one issuance audit entry per credential, an unbroken chain
    const issued = await p.db.issuedCredential.findMany({ where: { createdAt: { gte: new Date(Date.now() - 60_000) } }, select: { id: true } })
    for (const c of issued) expect(await p.db.auditEntry.count({ where: { subject: c.id, action: 'credential.issue' } })).toBe(1)
    expect((await verifyAuditChain({ db: p.db })).ok).toBe(true)
    expect(await p.db.issuedCredential.count()).toBeGreaterThanOrEqual(before.credentials)
    await p.db.$queryRawUnsafe('PRAGMA max_page_count = 1073741823')
    expect((await issue()).errors).toBeUndefined() // room again: it works again
  })
})
