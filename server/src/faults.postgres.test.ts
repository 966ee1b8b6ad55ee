/**
 * The database crashes and comes back under a mixed load (presentations, credential checks, staff logins,
 * issuance over GraphQL): a private PostgreSQL cluster of this test's own is stopped with `-m immediate`
 * (every backend killed, as in a crash) and started again. While it is down nothing claims success and every
 * error is a clean UNAVAILABLE; the process stays up; afterwards it serves again by itself, and every
 * credential is whole, with one unbroken audit chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedPersonKey } from '../../prisma/seed/seed-functions.js'
import { openDatabase } from './db.js'
import { verifyAuditChain } from './domain/audit/verify-audit-chain.js'
import { seedCredentialWorld } from './testing/credential-fixtures.js'
import { credentialStep, getJson, isVerified, presentationStep, startLoad, Timeline, unlimitedRateLimiter, type LoadStep, type Outcome } from './testing/fault-load.js'
import { findPostgresBinDir, startPrivatePostgres, type PrivatePostgres } from './testing/private-postgres.js'
import { startTestPlatform, type TestPlatform } from './testing/test-platform.js'
import { GraphQLTestClient, startTestServer, type TestServer } from './testing/test-server.js'

const hasPostgres = findPostgresBinDir() !== undefined
const ISSUE = 'mutation($i: LicenseInput!) { issueLicense(input: $i) { id } }'
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken } }'

describe.skipIf(!hasPostgres)(`the database crashes under load and comes back${hasPostgres ? '' : ' (skipped: no initdb under /usr/lib/postgresql)'}`, () => {
  let cluster: PrivatePostgres | undefined
  let p: TestPlatform | undefined
  let server: TestServer | undefined
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  let admin: GraphQLTestClient

  beforeAll(async () => {
    cluster = await startPrivatePostgres()
    p = await startTestPlatform({ databaseUrl: cluster.url })
    p.rateLimiter = unlimitedRateLimiter()
    server = await startTestServer(p)
    w = await seedCredentialWorld(p)
    admin = new GraphQLTestClient(server.baseUrl)
    await admin.login(w.boardAdmin.email, w.boardAdmin.password)
  })
  afterAll(async () => {
    // Each step on its own and bounded: the cluster is removed even when the platform failed to start, or
    // its stop hangs (a leaked pool connection makes the pool's end() wait forever).
    const bounded = (step: Promise<unknown> | undefined) => Promise.race([step?.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))])
    await bounded(server?.close())
    await bounded(p?.destroy())
    await cluster?.destroy()
  })

  it('claims no success while it is down, answers a clean UNAVAILABLE, stays up, and recovers by itself', async () => {
    const base = server!.baseUrl
    const domain = new URL(p!.config.publicUrl).host
    const presentation = presentationStep(base, w.clinician, [w.license.jwt, w.privilege.jwt], domain)
    const credential = credentialStep(base, w.license.jwt)
    const issue: LoadStep = async () => {
      const validUntil = new Date(Date.now() + 86_400_000).toISOString()
      const { status, data, errors } = await admin.request(ISSUE, { i: { subjectDid: seedPersonKey(p!, 'c').did, ...licenseClaims(), validUntil } })
      return { kind: 'issue', status, body: { data, errors } }
    }
    const login: LoadStep = async () => {
      const { status, data, errors } = await new GraphQLTestClient(base).request(LOGIN, { e: w.boardAdmin.email, p: w.boardAdmin.password })
      return { kind: 'login', status, body: { data, errors } }
    }
    const health: LoadStep = async () => ({ kind: 'healthz', ...(await getJson(`${base}/healthz`)) })
    const readiness: LoadStep = async () => ({ kind: 'readyz', ...(await getJson(`${base}/readyz`)) })

    const timeline = new Timeline()
    const load = startLoad([presentation, presentation, credential, issue, issue, login, health, readiness], 20)
    let outcomes: Outcome[]
    try {
      const since = timeline.mark('load')
      for (const kind of ['presentation', 'credential', 'issue', 'login']) {
        expect(await load.waitFor((o) => o.kind === kind && succeeded(o), since, 15_000), `${kind} works before the crash`).toBeDefined()
      }
      await cluster!.crash()
      timeline.mark('crashed')
      await new Promise((r) => setTimeout(r, 1_500)) // the load goes on against a dead database
      timeline.mark('starting')
      await cluster!.start()
      const started = timeline.mark('started')
      // Recovery by itself: the same server process and connection pool, nothing restarted but the database.
      for (const kind of ['presentation', 'credential', 'issue', 'login', 'readyz']) {
        expect(await load.waitFor((o) => o.kind === kind && succeeded(o), started, 20_000), `${kind} works again`).toBeDefined()
      }
    } finally {
      outcomes = await load.stop()
    }

    // The process stayed up and never failed with anything but a clean 503 / UNAVAILABLE.
    expect(outcomes.filter((o) => o.status === 0 || (o.status >= 500 && o.status !== 503))).toEqual([])
    expect(outcomes.filter((o) => o.kind === 'healthz' && o.status !== 200)).toEqual([])
    for (const o of outcomes.filter((o) => o.kind !== 'readyz')) {
      for (const e of errorsOf(o)) {
        expect(e.code, JSON.stringify(o)).toBe('UNAVAILABLE')
        expect(e.message).toMatch(/^The database is unreachable/)
        expect(e.message).not.toMatch(/\n\s+at |prisma|ECONN|postgres/i) // no stack, no driver talk
      }
    }

    // A verification the database could not complete is answered, failed closed: the inputs are valid, so no
    // other reason may appear (a report can straddle the restart: its status read failed, its audit write did not).
    for (const o of outcomes.filter((o) => o.status === 200 && (o.kind === 'presentation' || o.kind === 'credential'))) {
      const report = o.body as { verified: boolean; errors: string[] }
      if (!report.verified) for (const e of report.errors) expect(e, JSON.stringify(o)).toMatch(/^(STATUS_UNAVAILABLE|DID_UNRESOLVABLE)\b/)
    }

    // While it was down: not one success of any kind, /readyz said so.
    const down = outcomes.filter(timeline.within('crashed', 'starting'))
    expect(down.filter((o) => o.kind !== 'healthz' && o.kind !== 'readyz').length).toBeGreaterThanOrEqual(10)
    expect(down.filter((o) => o.kind !== 'healthz' && succeeded(o))).toEqual([])
    expect(down.filter((o) => o.kind === 'readyz').length).toBeGreaterThan(0)

    // Afterwards: every credential is whole (exactly one issuance entry), every answered issuance is there, one chain.
    const db = p!.db
    const credentials = await db.issuedCredential.findMany({ where: { orgId: w.board.id, type: 'ClinicianLicenseCredential' }, select: { id: true } })
    const entries = await db.auditEntry.groupBy({ by: ['subject'], where: { action: 'credential.issue', orgId: w.board.id }, _count: { _all: true } })
    expect(entries.map((e) => [e.subject, e._count._all]).sort()).toEqual(credentials.map((c) => [c.id, 1]).sort())
    const answered = outcomes.filter((o) => o.kind === 'issue' && succeeded(o)).map((o) => (o.body as { data: { issueLicense: { id: string } } }).data.issueLicense.id)
    expect(credentials.map((c) => c.id)).toEqual(expect.arrayContaining(answered))
    const chain = await verifyAuditChain({ db })
    expect(chain.problem).toBeUndefined()
    expect(chain.ok).toBe(true)
  })

  it('gives back the connections of transactions that were open when it crashed', async () => {
    // Prisma never released a connection whose COMMIT or ROLLBACK failed: with more such transactions than
    // the pool has connections, every later query waited forever (db.ts). Here with a pool of 2 and 4 of them.
    const db = await openDatabase({ kind: 'postgres', url: cluster!.url }, { poolSize: 2 })
    try {
      const open = Array.from({ length: 4 }, () => db.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT pg_sleep(5)')).then(() => 'committed', () => 'failed'))
      await new Promise((r) => setTimeout(r, 300))
      await cluster!.crash()
      expect(await Promise.all(open)).toEqual(['failed', 'failed', 'failed', 'failed'])
      await cluster!.start()
      const answered = await Promise.race([db.auditHead.count().then(() => true), new Promise((r) => setTimeout(() => r(false), 5_000))])
      expect(answered, 'a query after the restart answers').toBe(true)
    } finally {
      await Promise.race([db.$disconnect(), new Promise((r) => setTimeout(r, 2_000))])
    }
  })
})

/** Whether an answer claims success: verified, issued, logged in, ready. */
function succeeded(o: Outcome): boolean {
  const body = o.body as { verified?: unknown; data?: Record<string, unknown> | null; errors?: unknown } | undefined
  switch (o.kind) {
    case 'presentation':
    case 'credential':
      return isVerified(o)
    case 'issue':
    case 'login':
      return Boolean(body?.data && Object.values(body.data).some((v) => v !== null))
    case 'readyz':
      return o.status === 200
    default:
      return o.status < 400
  }
}

/** The errors an answer carries: the HTTP error body, or GraphQL's errors. */
/** Request errors (GraphQL errors, or an HTTP error body); a VC-API report's `errors` are its failed checks, not these. */
function errorsOf(o: Outcome): Array<{ code: unknown; message: string }> {
  const body = o.body as { code?: string; message?: string; errors?: Array<{ message: string; extensions?: { code?: string } } | string> } | undefined
  if (o.status === 200 && body?.errors?.every((e) => typeof e === 'string')) return []
  if (body?.errors) return body.errors.map((e) => (typeof e === 'string' ? { code: undefined, message: e } : { code: e.extensions?.code, message: e.message }))
  if (o.status >= 400) return [{ code: body?.code, message: body?.message ?? String(o.body) }]
  return []
}
