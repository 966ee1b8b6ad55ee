/** Kill a writer with SIGKILL in the middle of appending: no half-written entry, the chain stays valid. */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { appendAuditEntry } from './append-audit-entry.js'
import { verifyAuditChain } from './verify-audit-chain.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..')

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`SIGKILL while writing the audit trail (${database})`, () => {
    let p: TestPlatform
    beforeAll(async () => {
      p = await startTestPlatform({ database })
    })
    afterAll(async () => {
      await p.destroy()
    })

    it('leaves only whole entries and an unbroken chain that keeps growing afterwards', async () => {
      // node itself with the tsx loader (the tsx CLI would run a second process that SIGKILL does not reach)
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/testing/audit-writer-process.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE: JSON.stringify(p.config.database), CONCURRENCY: '4' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => (out += d.toString()))
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      const deadline = Date.now() + 30_000
      while (!/written (\d{3,})/.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50))
      expect(out).toMatch(/written \d{3,}/)
      child.kill('SIGKILL')
      await exited

      // Transactions the dead client had already sent COMMIT for may still land: wait until the head settles.
      let head = await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
      for (;;) {
        await new Promise((r) => setTimeout(r, 300))
        const again = await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
        if (again.seq === head.seq) break
        head = again
      }
      const report = await verifyAuditChain({ db: p.db })
      expect(report).toMatchObject({ ok: true, entries: head.seq })
      expect(report.entries).toBeGreaterThanOrEqual(100)
      await p.db.$transaction((tx) => appendAuditEntry(tx, { actorType: 'SYSTEM', actor: 'after', action: 'test.kill', decision: 'DONE' }))
      expect((await verifyAuditChain({ db: p.db })).ok).toBe(true)
    })
  })
}
