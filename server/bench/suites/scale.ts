/**
 * Horizontal scale (issue 9): two server instances on one PostgreSQL and one chain, a bounded mixed load from
 * 127.0.0.1 (presentation verifications, licence issuance over the VC-API, challenge requests) spread over
 * both, then the invariants checked: no challenge accepted twice, no status index twice, one unbroken audit
 * chain with an entry per decision.
 */
import { licenseClaims, seedPersonKey } from '../../../prisma/seed/seed-functions.js'
import { createApiToken } from '../../src/domain/accounts/api-tokens.js'
import { verifyAuditChain } from '../../src/domain/audit/verify-audit-chain.js'
import { RateLimiter } from '../../src/http/rate-limit.js'
import { seedCredentialWorld } from '../../src/testing/credential-fixtures.js'
import { startSecondInstance } from '../../src/testing/test-platform.js'
import { startTestServer } from '../../src/testing/test-server.js'
import { latencyFigures, perSecond, type FigureGroup } from '../report.js'
import { startBenchPlatform, timed, type Suite } from '../suite.js'

const unlimited = () => new RateLimiter({ login: { limit: 1e9, windowMs: 60_000 }, challenge: { limit: 1e9, windowMs: 60_000 }, verify: { limit: 1e9, windowMs: 60_000 }, issue: { limit: 1e9, windowMs: 60_000 } })

export const scaleSuite: Suite = {
  name: 'scale',
  description: 'two instances on one PostgreSQL under a mixed load (verify, issue, challenges); invariants checked after',
  flags: { 'scale-requests': 'requests in the mixed load (default 600 x scale)', 'scale-clients': 'concurrent clients (default 20)' },
  async run(ctx) {
    const group: FigureGroup = { bench: 'scale', tags: { instances: '2', database: 'postgres' }, figures: [] }
    const requests = ctx.intFlag('scale-requests', 600 * ctx.scale)
    const clients = ctx.intFlag('scale-clients', 20)
    ctx.log('scale: starting two instances on one PostgreSQL')
    const a = await startBenchPlatform(ctx, 'postgres')
    const b = await startSecondInstance(a as never)
    ctx.defer(() => b.stop())
    a.rateLimiter = unlimited()
    b.rateLimiter = unlimited()
    const servers = [await startTestServer(a), await startTestServer(b)]
    for (const s of servers) ctx.defer(() => s.close())
    const w = await seedCredentialWorld(a)
    const token = (await createApiToken(a.db, { orgId: w.board.id, accountId: w.boardAdmin.account.id, input: { name: 'bench', scopes: ['credentials:issue'] } })).token
    const domain = new URL(a.config.publicUrl).host
    const headBefore = (await a.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq
    const post = (i: number, path: string, body: unknown, auth = false) =>
      fetch(`${servers[i % 2]!.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })

    // Presentations are prepared first (the holder's signing is the client's work, not the server's).
    const verifyCount = Math.floor(requests * 0.6)
    const issueCount = Math.floor(requests * 0.3)
    const challengeCount = requests - verifyCount - issueCount
    ctx.log(`scale: preparing ${verifyCount} presentations`)
    const vps: Array<{ vp: string; challenge: string }> = []
    for (let i = 0; i < verifyCount; i++) {
      const c = (await (await post(i, '/presentations/challenges', { domain })).json()) as { challenge: string }
      vps.push({ vp: await w.clinician.present([w.license.jwt, w.privilege.jwt], c.challenge, domain), challenge: c.challenge })
    }
    type Job = () => Promise<boolean>
    const jobs: Job[] = [
      ...vps.map(({ vp, challenge }, i): Job => async () => ((await (await post(i, '/presentations/verify', { verifiablePresentation: vp, options: { challenge, domain } })).json()) as { verified: boolean }).verified),
      ...Array.from({ length: issueCount }, (_, i): Job => async () =>
        (await post(i, '/credentials/issue', { credential: { type: ['VerifiableCredential', 'ClinicianLicenseCredential'], expirationDate: new Date(Date.now() + 86_400_000).toISOString(), credentialSubject: { id: seedPersonKey(a, 'c').did, ...licenseClaims() } } }, true)).status === 201),
      ...Array.from({ length: challengeCount }, (_, i): Job => async () => (await post(i, '/presentations/challenges', { domain })).status === 201),
    ].sort(() => Math.random() - 0.5)

    ctx.log(`scale: ${jobs.length} requests from ${clients} clients over 2 instances`)
    const latencies: number[] = []
    let failures = 0
    let next = 0
    const run = await timed(() =>
      Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < jobs.length) {
            const job = jobs[next++]!
            const started = performance.now()
            if (!(await job())) failures++
            latencies.push(performance.now() - started)
          }
        }),
      ),
    )
    group.figures.push({ key: 'mixed_requests', value: jobs.length, unit: 'count' })
    group.figures.push({ key: 'mixed_requests_per_s', value: perSecond(jobs.length, run.ms), unit: '/s' })
    group.figures.push(...latencyFigures('mixed_request', latencies))
    group.figures.push({ key: 'failed_requests', value: failures, unit: 'count' })

    // the invariants
    const replays = await Promise.all(vps.slice(0, 20).map(async ({ vp, challenge }, i) => ((await (await post(i + 1, '/presentations/verify', { verifiablePresentation: vp, options: { challenge, domain } })).json()) as { verified: boolean }).verified))
    const issued = await a.db.issuedCredential.findMany({ where: { type: 'ClinicianLicenseCredential', orgId: w.board.id }, select: { statusGroupId: true, statusIndex: true } })
    const chain = await verifyAuditChain({ db: a.db })
    const entries = (await a.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq - headBefore
    group.figures.push({ key: 'replays_accepted', value: replays.filter(Boolean).length, unit: 'count' })
    group.figures.push({ key: 'duplicate_status_indexes', value: issued.length - new Set(issued.map((c) => `${c.statusGroupId}:${c.statusIndex}`)).size, unit: 'count' })
    group.figures.push({ key: 'audit_chain_ok', value: chain.ok ? 1 : 0, unit: '1 = unbroken' })
    group.figures.push({ key: 'audit_entries_written', value: entries, unit: 'count' })
    group.figures.push({ key: 'audit_entries_expected', value: verifyCount + issueCount + 20, unit: 'verifications + issuances + replays' })
    return [group]
  },
}
