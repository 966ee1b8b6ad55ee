/** `npm run audit:verify` as a process: exit 0 on an intact log, non-zero naming the entry on tampering. */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendAuditEntry } from '../domain/audit/append-audit-entry.js'
import { anchorAuditLog } from '../domain/audit/anchor-audit-log.js'
import { rewriteAuditChainFrom } from '../testing/rewrite-audit-chain.js'
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..')

describe('npm run audit:verify', () => {
  let p: TestPlatform
  const cli = (...args: string[]) =>
    spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/cli/main.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: p.dataDir, CHAIN_PORT: String(p.anvil!.port), DEMO: 'false', LOG_LEVEL: 'error' },
    })

  beforeAll(async () => {
    p = await startTestPlatform()
    for (let i = 0; i < 10; i++) {
      await p.db.$transaction((tx) => appendAuditEntry(tx, { actorType: 'SYSTEM', actor: 'cli-test', action: 'test.append', decision: 'DONE', details: { i } }))
    }
    await anchorAuditLog(p)
  })
  afterAll(async () => {
    await p.destroy()
  })

  it('reports an intact, anchored log and exits 0 (attaching to the running chain)', () => {
    const result = cli('audit', 'verify')
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/audit chain OK: 11 entries, 1 anchors verified on chain/)
    expect(result.status).toBe(0)
  })

  it('names the first altered entry and exits non-zero', async () => {
    await p.db.auditEntry.update({ where: { seq: 4 }, data: { decision: 'GRANTED' } })
    const result = cli('audit', 'verify')
    expect(result.stdout).toContain('first bad entry: 4 (ALTERED)')
    expect(result.status).toBe(1)
  })

  it('names the anchor a rewritten log no longer matches, even with the anchor rows deleted, and exits non-zero', async () => {
    const anchor = await p.db.auditAnchor.findFirstOrThrow({ orderBy: { fromSeq: 'asc' } })
    await rewriteAuditChainFrom(p.db, 4, 'mallory') // every hash recomputed: the chain alone is consistent again
    await p.db.auditAnchor.deleteMany({})
    const result = cli('audit', 'verify')
    expect(result.stdout).toContain(`first bad anchor: entries 1..${anchor.toSeq} in tx ${anchor.txHash} (ANCHOR_MISMATCH)`)
    expect(result.status).toBe(1)
  })
})
