/**
 * Faults, each bounded: the chain node stopped, or SIGKILLed under load, and restarted (verification fails
 * closed, then recovers by itself), and the SQLite disk filling up (a clean error with a code, nothing
 * half-written, the server up). The database restarted is in faults.postgres.test.ts; SIGKILLed servers in
 * domain/credentials/issue-kill.test.ts and domain/imports/import-kill.test.ts.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedPersonKey } from '../../prisma/seed/seed-functions.js'
import { startAnvil, type RunningAnvil } from './chain/anvil.js'
import { verifyAuditChain } from './domain/audit/verify-audit-chain.js'
import { seedCredentialWorld } from './testing/credential-fixtures.js'
import { credentialStep, isVerified, presentationStep, startLoad, Timeline, unlimitedRateLimiter, type Outcome } from './testing/fault-load.js'
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

describe('the chain node is SIGKILLed under load', () => {
  let p: TestPlatform
  let server: TestServer
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  let restarted: RunningAnvil | undefined
  beforeAll(async () => {
    p = await startTestPlatform()
    p.rateLimiter = unlimitedRateLimiter()
    server = await startTestServer(p)
    w = await seedCredentialWorld(p)
  })
  afterAll(async () => {
    await restarted?.stop()
    await server.close()
    await p.destroy()
  })

  it('never answers 5xx, fails closed while it is down, and recovers by itself once the node is back', async () => {
    const domain = new URL(p.config.publicUrl).host
    const presentation = presentationStep(server.baseUrl, w.clinician, [w.license.jwt, w.privilege.jwt], domain)
    const credential = credentialStep(server.baseUrl, w.license.jwt)
    const stateFile = path.join(p.dataDir, 'chain-state.json')
    const timeline = new Timeline()
    const load = startLoad([presentation, presentation, presentation, credential, credential])
    let outcomes: Outcome[]
    let blockBefore: number
    try {
      expect(await load.waitFor(isVerified, timeline.mark('load'), 15_000)).toBeDefined()
      blockBefore = await p.provider.getBlockNumber()
      await waitForCompleteStateDump(stateFile, 5_000)
      await killAnvil(p.anvil!)
      timeline.mark('killed')
      await new Promise((r) => setTimeout(r, 1_500)) // the load goes on against a dead node
      timeline.mark('restarting')
      restarted = await startAnvil({ port: p.anvil!.port, chainId: p.chain.chainId, stateFile })
      timeline.mark('restarted')
      // Recovery by itself: the same server, no restart, no cache flush; only the node came back.
      for (const kind of ['presentation', 'credential']) {
        expect(await load.waitFor((o) => o.kind === kind && isVerified(o), timeline.at('restarted'), 20_000), `${kind} verifies again`).toBeDefined()
      }
    } finally {
      outcomes = await load.stop()
    }

    expect(outcomes.filter((o) => o.status === 0 || o.status >= 500)).toEqual([])
    const down = outcomes.filter(timeline.within('killed', 'restarting')).filter((o) => o.kind !== 'challenge')
    expect(down.length).toBeGreaterThanOrEqual(5)
    for (const o of down) {
      expect(o.status).toBe(200)
      expect(isVerified(o)).toBe(false)
      // fail closed with a code that says the chain could not be consulted, not that the credential is bad
      expect(failedCodes(o).some((c) => c === 'DID_UNRESOLVABLE' || c === 'STATUS_UNAVAILABLE'), JSON.stringify(failedCodes(o))).toBe(true)
    }
    // challenges live in the database: they were issued all along
    expect(outcomes.filter((o) => o.kind === 'challenge')).toEqual([])
    // the node came back with its state (the registry and every DID change), not as a fresh chain
    expect(await p.provider.getBlockNumber()).toBe(blockBefore!)
  })
})

function failedCodes(o: Outcome): string[] {
  const report = (o.body as { report?: { checks?: Array<{ passed: boolean; code?: string }> } }).report
  return (report?.checks ?? []).filter((c) => !c.passed).map((c) => c.code ?? '(none)')
}

async function killAnvil(anvil: RunningAnvil): Promise<void> {
  const exited = new Promise((resolve) => anvil.process.once('exit', resolve))
  anvil.kill()
  await exited
}

/**
 * anvil rewrites its state file in place every second (open with O_TRUNC, then write; no temp file and
 * rename: seen with strace), so a SIGKILL in the middle of a dump leaves a truncated file, and anvil then
 * refuses to start from it ("failed to parse json file"). A host crash can hit that window of a few
 * milliseconds; this test is about the verifier, so it kills right after a dump has completed.
 */
async function waitForCompleteStateDump(file: string, ms: number): Promise<void> {
  const before = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs // none yet on a chain younger than a second
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5))
    const stat = fs.statSync(file, { throwIfNoEntry: false })
    if (!stat || stat.mtimeMs === before) continue
    try {
      JSON.parse(fs.readFileSync(file, 'utf8'))
      return
    } catch {
      // caught mid-write: wait for the next dump
    }
  }
  throw new Error(`anvil did not dump its state to ${file} within ${ms} ms`)
}

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
