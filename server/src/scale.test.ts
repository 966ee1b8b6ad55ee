/**
 * Two server instances on one PostgreSQL and one chain, behind an imaginary load balancer, under a bounded
 * mixed load from 127.0.0.1: issuance, status changes, and every presentation sent to both instances at once.
 * No challenge is accepted twice, no status index allocated twice, one unbroken audit chain, and every
 * request has its audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedPersonKey } from '../../prisma/seed/seed-functions.js'
import { createApiToken } from './domain/accounts/api-tokens.js'
import { verifyAuditChain } from './domain/audit/verify-audit-chain.js'
import { RateLimiter } from './http/rate-limit.js'
import type { Platform } from './platform.js'
import { seedCredentialWorld } from './testing/credential-fixtures.js'
import { startSecondInstance, startTestPlatform, type TestPlatform } from './testing/test-platform.js'
import { startTestServer, type TestServer } from './testing/test-server.js'

const unlimited = () => new RateLimiter({ login: { limit: 1e9, windowMs: 60_000 }, challenge: { limit: 1e9, windowMs: 60_000 }, verify: { limit: 1e9, windowMs: 60_000 }, issue: { limit: 1e9, windowMs: 60_000 } })

/** Runs `tasks` with at most `concurrency` in flight. */
async function bounded<T>(tasks: Array<() => Promise<T>>, concurrency: number): Promise<T[]> {
  const results: T[] = []
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]!()
    }
  }))
  return results
}

describe('two instances under a mixed load', () => {
  let a: TestPlatform
  let b: Platform
  let servers: TestServer[]
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  let token: string

  beforeAll(async () => {
    a = await startTestPlatform({ database: 'postgres' })
    b = await startSecondInstance(a)
    a.rateLimiter = unlimited()
    b.rateLimiter = unlimited()
    servers = [await startTestServer(a), await startTestServer(b)]
    w = await seedCredentialWorld(a)
    token = (await createApiToken(a.db, { orgId: w.board.id, accountId: w.boardAdmin.account.id, input: { name: 'load', scopes: ['credentials:issue', 'credentials:status'] } })).token
  })
  afterAll(async () => {
    for (const s of servers) await s.close()
    await b.stop()
    await a.destroy()
  })

  it('keeps every invariant', async () => {
    const post = (i: number, path: string, body: unknown, auth = true) =>
      fetch(`${servers[i % 2]!.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })
    const headBefore = (await a.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq
    const ISSUES = 40
    const PRESENTATIONS = 30
    const SUSPENSIONS = 10
    const domain = new URL(a.config.publicUrl).host

    // issuance and presentations, interleaved, over both instances
    const issued: string[] = []
    const verdicts: boolean[][] = []
    const tasks: Array<() => Promise<void>> = [
      ...Array.from({ length: ISSUES }, (_, i) => async () => {
        const res = await post(i, '/credentials/issue', {
          credential: { type: ['VerifiableCredential', 'ClinicianLicenseCredential'], expirationDate: new Date(Date.now() + 86_400_000).toISOString(), credentialSubject: { id: seedPersonKey(a, 'c').did, ...licenseClaims() } },
        })
        expect(res.status).toBe(201)
        issued.push(((await res.json()) as { verifiableCredential: { id: string } }).verifiableCredential.id)
      }),
      ...Array.from({ length: PRESENTATIONS }, (_, i) => async () => {
        const c = (await (await post(i, '/presentations/challenges', { domain }, false)).json()) as { challenge: string }
        const vp = await w.clinician.present([w.license.jwt, w.privilege.jwt], c.challenge, domain)
        const both = await Promise.all([0, 1].map(async (s) => ((await (await post(s, '/presentations/verify', { verifiablePresentation: vp, options: { challenge: c.challenge, domain } }, false)).json()) as { verified: boolean }).verified))
        verdicts.push(both)
      }),
    ]
    await bounded(tasks.sort(() => 0.5 - Math.random()), 10)
    await bounded(
      issued.slice(0, SUSPENSIONS).map((id, i) => async () => {
        const res = await post(i, '/credentials/status', { credentialId: id, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: '1' }] })
        expect(res.status).toBe(200)
      }),
      5,
    )

    // exactly one instance accepted each presentation, the other saw a replay
    expect(verdicts).toHaveLength(PRESENTATIONS)
    for (const v of verdicts) expect(v.filter(Boolean)).toHaveLength(1)
    // no status index twice
    const rows = await a.db.issuedCredential.findMany({ where: { id: { in: issued } }, select: { statusGroupId: true, statusIndex: true, status: true } })
    expect(rows).toHaveLength(ISSUES)
    expect(new Set(rows.map((r) => `${r.statusGroupId}:${r.statusIndex}`)).size).toBe(ISSUES)
    expect(rows.filter((r) => r.status === 'SUSPENDED')).toHaveLength(SUSPENSIONS)
    // one unbroken chain, and the counts add up: every request has its entry
    expect((await verifyAuditChain({ db: a.db })).ok).toBe(true)
    const count = (action: string, extra: Record<string, unknown> = {}) => a.db.auditEntry.count({ where: { action, seq: { gt: headBefore }, ...extra } })
    expect(await count('credential.issue')).toBe(ISSUES)
    expect(await count('verification.presentation', { decision: 'GRANTED' })).toBe(PRESENTATIONS)
    expect(await count('verification.presentation', { decision: 'DENIED', reasonCode: 'CHALLENGE_REPLAYED' })).toBe(PRESENTATIONS)
    expect(await count('credential.suspend')).toBe(SUSPENSIONS)
  })
})
