/** SIGKILL an instance in the middle of issuing: no half-issued credential, no lost or extra audit entry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedAccreditation, seedBoard, seedTrustAnchor } from '../../../../prisma/seed/seed-functions.js'
import { spawnPlatformProcess } from '../../testing/platform-process.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { verifyAuditChain } from '../audit/verify-audit-chain.js'

describe('SIGKILL during issuance', () => {
  let p: TestPlatform
  let boardId: string
  beforeAll(async () => {
    p = await startTestPlatform({ database: 'postgres' })
    const anchor = await seedTrustAnchor(p)
    const board = await seedBoard(p)
    await seedAccreditation(p, { anchor, board })
    boardId = board.id
  })
  afterAll(async () => {
    await p.destroy()
  })

  it('leaves every credential whole: its status event and exactly one audit entry, or nothing', async () => {
    const issuer = spawnPlatformProcess(p, 'server/src/testing/issuer-process.ts', { BOARD_ID: boardId })
    await issuer.waitForOutput(/issued [3-9]\d/, 60_000)
    await issuer.kill()
    await new Promise((r) => setTimeout(r, 500)) // a COMMIT already sent may still land

    const credentials = await p.db.issuedCredential.findMany({ where: { type: 'ClinicianLicenseCredential' }, select: { id: true } })
    const audit = await p.db.auditEntry.findMany({ where: { action: 'credential.issue', actor: 'issuer-process' }, select: { subject: true } })
    const events = await p.db.credentialStatusEvent.findMany({ where: { action: 'ISSUED', actor: 'issuer-process' }, select: { credentialId: true } })
    expect(credentials.length).toBeGreaterThanOrEqual(30)
    expect(credentials.length % 10).toBe(0) // whole batches only
    expect(audit.map((a) => a.subject).sort()).toEqual(credentials.map((c) => c.id).sort())
    expect(events.map((e) => e.credentialId).sort()).toEqual(credentials.map((c) => c.id).sort())
    expect((await verifyAuditChain({ db: p.db })).ok).toBe(true)
    const group = await p.db.statusListGroup.findFirstOrThrow({ where: { orgId: boardId } })
    expect(group.allocated).toBe(credentials.length)
  })
})
