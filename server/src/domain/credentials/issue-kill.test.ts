/** SIGKILL an instance in the middle of issuing: no half-issued credential, no lost or extra audit entry. */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedAccreditation, seedBoard, seedTrustAnchor } from '../../../../prisma/seed/seed-functions.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { verifyAuditChain } from '../audit/verify-audit-chain.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..')

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
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/testing/issuer-process.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        DATA_DIR: p.dataDir,
        DATABASE_URL: p.databaseUrl!,
        ETH_RPC_URL: p.chain.rpcUrl,
        CHAIN_ID: String(p.chain.chainId),
        DID_REGISTRY_ADDRESS: p.chain.registry,
        PUBLIC_URL: p.config.publicUrl,
        DEMO: 'false',
        BOARD_ID: boardId,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const deadline = Date.now() + 60_000
    while (!/issued [3-9]\d/.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 25))
    expect(out).toMatch(/issued \d+/)
    child.kill('SIGKILL')
    await exited
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
