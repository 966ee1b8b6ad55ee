/**
 * SIGKILL the real server (server/src/main.ts, PostgreSQL) in the middle of a bulk licence import sent over
 * HTTP: what committed is whole batches (each credential with its status event and one audit entry), and the
 * same file submitted to a new server process resumes where the dead one stopped and issues every row once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerProcess, type ServerProcess } from '../../testing/platform-process.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { createApiToken } from '../accounts/api-tokens.js'
import { verifyAuditChain } from '../audit/verify-audit-chain.js'
import { licenseRows, seedImportingBoard, toLicenseCsv } from './license-import-fixtures.js'
import { DEFAULT_IMPORT_BATCH_SIZE } from './process-license-import.js'
import { IMPORT_STALE_AFTER_MS } from './query-license-imports.js'

const ROWS = 3_000
const BATCH = DEFAULT_IMPORT_BATCH_SIZE

interface ImportJson {
  id: string
  status: 'RUNNING' | 'DONE' | 'FAILED'
  totalRows: number
  processed: number
  issued: number
  skipped: number
  failed: number
}

describe('SIGKILL of the server during a bulk licence import', () => {
  let p: TestPlatform
  let board: Awaited<ReturnType<typeof seedImportingBoard>>
  let token: string
  const servers: ServerProcess[] = []

  beforeAll(async () => {
    p = await startTestPlatform({ database: 'postgres' })
    board = await seedImportingBoard(p)
    token = (await createApiToken(p.db, { orgId: board.board.id, accountId: board.admin.account.id, input: { name: 'import', scopes: ['credentials:issue'] } })).token
  })
  afterAll(async () => {
    for (const s of servers) await s.kill()
    await p.destroy()
  })

  const startServer = async () => {
    const server = await startServerProcess(p)
    servers.push(server)
    return server
  }
  const submit = async (server: ServerProcess, csv: string): Promise<ImportJson> => {
    const res = await fetch(`${server.baseUrl}/imports/licenses?fileName=register.csv`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` }, body: csv })
    expect(res.status).toBe(202)
    return (await res.json()) as ImportJson
  }
  /** Polls the import's progress over HTTP until `until` holds (bounded by `ms`). */
  const waitFor = async (server: ServerProcess, id: string, until: (v: ImportJson) => boolean, ms: number): Promise<ImportJson> => {
    const deadline = Date.now() + ms
    for (;;) {
      const res = await fetch(`${server.baseUrl}/imports/licenses/${id}`, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(200)
      const view = (await res.json()) as ImportJson
      if (until(view)) return view
      if (Date.now() > deadline) throw new Error(`import ${id} did not get there within ${ms} ms: ${JSON.stringify(view)}\n${server.output()}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  const licences = () => p.db.issuedCredential.findMany({ where: { orgId: board.board.id, type: 'ClinicianLicenseCredential' }, select: { id: true, naturalKey: true, importId: true } })

  /** Every licence of the board is whole: one ISSUED status event, one credential.issue entry; one audit chain. */
  const expectEveryLicenceWhole = async () => {
    const ids = (await licences()).map((c) => c.id).sort()
    const audit = await p.db.auditEntry.findMany({ where: { action: 'credential.issue', orgId: board.board.id }, select: { subject: true } })
    const events = await p.db.credentialStatusEvent.findMany({ where: { action: 'ISSUED', credentialId: { in: ids } }, select: { credentialId: true } })
    expect(audit.map((a) => a.subject).sort()).toEqual(ids)
    expect(events.map((e) => e.credentialId).sort()).toEqual(ids)
    const chain = await verifyAuditChain({ db: p.db })
    expect(chain.problem).toBeUndefined()
    expect(chain.ok).toBe(true)
    return ids.length
  }

  it('leaves whole batches, then resumes where it stopped and issues every row exactly once', async () => {
    const rows = licenseRows(p, ROWS)
    const csv = toLicenseCsv(rows)

    const first = await startServer()
    const submitted = await submit(first, csv)
    expect(submitted).toMatchObject({ status: 'RUNNING', totalRows: ROWS, processed: 0 })
    await waitFor(first, submitted.id, (v) => v.processed >= 2 * BATCH, 40_000)
    // A batch takes ~100-300 ms here: a random pause lands the kill anywhere in the next one (in its
    // transaction, at its commit, or between its commit and its progress write).
    await new Promise((r) => setTimeout(r, Math.random() * 300))
    await first.kill()
    await new Promise((r) => setTimeout(r, 300)) // a COMMIT already sent may still land

    // What the dead server left: the import RUNNING part-way, whole batches only, nothing half-issued.
    const left = await p.db.licenseImport.findUniqueOrThrow({ where: { id: submitted.id } })
    expect(left.status).toBe('RUNNING')
    expect(left.processed).toBeGreaterThanOrEqual(2 * BATCH)
    expect(left.processed).toBeLessThan(ROWS)
    const issuedBeforeKill = await expectEveryLicenceWhole()
    console.info(`import SIGKILLed with ${left.processed} rows recorded as processed and ${issuedBeforeKill} licences committed`)
    expect(issuedBeforeKill % BATCH).toBe(0)
    // At most one batch can have committed after the last progress it recorded.
    expect([left.processed, left.processed + BATCH]).toContain(issuedBeforeKill)

    // The lease goes stale after IMPORT_STALE_AFTER_MS without progress. Rather than wait a minute, move the
    // import's clock back: its last progress write is backdated past the stale limit (an injected clock).
    await p.db.licenseImport.update({ where: { id: submitted.id }, data: { updatedAt: new Date(left.updatedAt.getTime() - IMPORT_STALE_AFTER_MS - 1_000) } })

    const second = await startServer()
    const resumed = await submit(second, csv)
    expect(resumed).toMatchObject({ id: submitted.id, status: 'RUNNING', processed: left.processed }) // resumed, not restarted
    const done = await waitFor(second, submitted.id, (v) => v.status !== 'RUNNING', 45_000)
    expect(done).toMatchObject({ status: 'DONE', processed: ROWS, issued: ROWS, skipped: 0, failed: 0 })

    // Every row issued exactly once: as many licences as rows, one per licence number, all from this import.
    const all = await licences()
    expect(all).toHaveLength(ROWS)
    expect(new Set(all.map((c) => c.naturalKey))).toEqual(new Set(rows.map((r) => `US-CA:${r.licenseNumber}`)))
    expect(all.every((c) => c.importId === submitted.id)).toBe(true)
    expect(await expectEveryLicenceWhole()).toBe(ROWS)
    const importAudit = await p.db.auditEntry.findMany({ where: { subject: submitted.id }, orderBy: { seq: 'asc' }, select: { action: true, details: true } })
    expect(importAudit.map((e) => e.action)).toEqual(['license.import_started', 'license.import_resumed', 'license.import_finished'])
    expect(JSON.parse(importAudit[1]!.details)).toMatchObject({ mode: 'resume', fromRow: left.processed })
  }, 110_000)
})
