/** Two server instances on one PostgreSQL database and one chain, issuing at the same time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedAccreditation, seedBoard, seedPersonKey, seedTrustAnchor } from '../../../../prisma/seed/seed-functions.js'
import type { Platform } from '../../platform.js'
import { startSecondInstance, startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { verifyAuditChain } from '../audit/verify-audit-chain.js'
import { issueCredential } from './issue-credential.js'
import type { OrgCaller } from './issuer-permissions.js'

describe('issuance from two instances on one PostgreSQL', () => {
  let a: TestPlatform
  let b: Platform
  let caller: OrgCaller

  beforeAll(async () => {
    a = await startTestPlatform({ database: 'postgres' })
    b = await startSecondInstance(a)
    const anchor = await seedTrustAnchor(a)
    const board = await seedBoard(a)
    await seedAccreditation(a, { anchor, board })
    caller = { kind: 'staff', orgId: board.id, accountId: 'admin', roles: ['BOARD_ADMIN'] }
  })
  afterAll(async () => {
    await b.stop()
    await a.destroy()
  })

  it('never allocates a status index twice and keeps one unbroken audit chain', async () => {
    const validUntil = new Date(Date.now() + 86_400_000 * 30).toISOString()
    const issue = (p: Platform) => issueCredential(p, { caller, request: { type: 'ClinicianLicenseCredential', subjectDid: seedPersonKey(p, 'c').did, claims: licenseClaims(), validUntil } })
    const issued = await Promise.all(Array.from({ length: 40 }, (_, i) => issue(i % 2 ? a : b)))
    expect(new Set(issued.map((c) => c.statusIndex)).size).toBe(40)
    expect(new Set(issued.map((c) => c.statusGroupId)).size).toBe(1)
    const report = await verifyAuditChain({ db: a.db })
    expect(report.ok).toBe(true)
    expect(await a.db.auditEntry.count({ where: { action: 'credential.issue' } })).toBe(41) // + the accreditation
  })
})
