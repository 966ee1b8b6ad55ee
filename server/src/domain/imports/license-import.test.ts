/** Bulk licence import against the real chain and database: scale, idempotency, per-row errors, resuming. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../errors.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { verifyAuditChain } from '../audit/verify-audit-chain.js'
import { changeCredentialStatus } from '../credentials/change-credential-status.js'
import { issueCredentials } from '../credentials/issue-credentials.js'
import { callerActor, type OrgCaller } from '../credentials/issuer-permissions.js'
import { prepareCredential } from '../credentials/prepare-credential.js'
import { licenseRequestOf, readLicenseFile } from './license-csv.js'
import { licenseRows, seedImportingBoard, toLicenseCsv } from './license-import-fixtures.js'
import { processLicenseImport } from './process-license-import.js'
import { getLicenseImport } from './query-license-imports.js'
import { startLicenseImport } from './start-license-import.js'

type Board = Awaited<ReturnType<typeof seedImportingBoard>>

describe('bulk licence import (SQLite)', () => {
  let p: TestPlatform
  let anchor: Board['anchor']

  beforeAll(async () => {
    p = await startTestPlatform()
    anchor = (await seedImportingBoard(p)).anchor
  })
  afterAll(async () => {
    await p.destroy()
  })

  const actorOf = (caller: OrgCaller): AuditActor => callerActor(caller)
  const start = (board: Board, csv: string | Buffer, options: { staleAfterMs?: number; fileName?: string } = {}) =>
    startLicenseImport(p.db, { orgId: board.board.id, actor: actorOf(board.caller), fileName: options.fileName ?? 'licences.csv', file: csv, ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}) })
  const licencesOf = (importId: string) => p.db.issuedCredential.findMany({ where: { importId }, select: { id: true, naturalKey: true, status: true, statusGroupId: true, statusIndex: true } })

  it('imports 10,000 rows completely: one credential and one issuance audit entry per row, unique status indexes', async () => {
    const board = await seedImportingBoard(p, anchor)
    const rows = licenseRows(p, 10_000)
    const csv = toLicenseCsv(rows)
    const began = Date.now()
    const started = await start(board, csv)
    expect(started.import).toMatchObject({ status: 'RUNNING', totalRows: 10_000, processed: 0 })
    expect(started.run?.mode).toBe('new')
    const done = await processLicenseImport(p, started.run!, started.file)
    const seconds = (Date.now() - began) / 1000
    console.info(`licence import: 10,000 rows in ${seconds.toFixed(1)} s = ${Math.round(10_000 / seconds)} rows/s (SQLite, validation + issuance)`)

    expect(done).toMatchObject({ status: 'DONE', totalRows: 10_000, processed: 10_000, issued: 10_000, skipped: 0, failed: 0, errors: [] })
    const issued = await licencesOf(done.id)
    expect(issued).toHaveLength(10_000)
    expect(issued.every((c) => c.status === 'ACTIVE')).toBe(true)
    expect(new Set(issued.map((c) => c.naturalKey))).toEqual(new Set(rows.map((r) => `US-CA:${r.licenseNumber}`)))
    expect(new Set(issued.map((c) => `${c.statusGroupId}#${c.statusIndex}`)).size).toBe(10_000)

    const audit = await p.db.auditEntry.groupBy({ by: ['subject'], where: { action: 'credential.issue', orgId: board.board.id }, _count: { _all: true } })
    expect(audit).toHaveLength(10_000)
    expect(audit.every((a) => a._count._all === 1)).toBe(true)
    expect(new Set(audit.map((a) => a.subject))).toEqual(new Set(issued.map((c) => c.id)))
    const importAudit = await p.db.auditEntry.findMany({ where: { subject: done.id }, orderBy: { seq: 'asc' } })
    expect(importAudit.map((e) => [e.action, e.actor])).toEqual([
      ['license.import_started', board.admin.account.id],
      ['license.import_finished', board.admin.account.id],
    ])

    // The same file again: the same import, re-validated, nothing issued, every row unchanged.
    const auditHead = await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
    const again = await start(board, csv)
    expect(again.import.id).toBe(done.id)
    expect(again.run?.mode).toBe('rerun')
    const rerun = await processLicenseImport(p, again.run!, again.file)
    expect(rerun).toMatchObject({ status: 'DONE', processed: 10_000, issued: 0, skipped: 10_000, failed: 0 })
    expect(await p.db.issuedCredential.count({ where: { orgId: board.board.id, type: 'ClinicianLicenseCredential' } })).toBe(10_000)
    const newEntries = await p.db.auditEntry.findMany({ where: { seq: { gt: auditHead.seq } }, select: { action: true } })
    expect(newEntries.map((e) => e.action)).toEqual(['license.import_started', 'license.import_finished'])
    expect(await p.db.licenseImport.count({ where: { orgId: board.board.id } })).toBe(1)
    const chain = await verifyAuditChain({ db: p.db, provider: p.provider, registry: p.chain.registry, platformDid: p.platformOrg.did })
    expect(chain.problem).toBeUndefined()
    expect(chain.ok).toBe(true)
    // ~90 s on 2 idle cores with today's issuance path (~7 ms a row); see the report on the batch path.
  }, 600_000)

  it('reports exact per-row errors and issues only the good rows', async () => {
    const board = await seedImportingBoard(p, anchor)
    const [good1, good2, badNpi, expired, unknownJurisdiction, unaccredited, duplicate, otherChain, badDate, good3] = licenseRows(p, 10)
    const rows = [
      good1!,
      good2!,
      { ...badNpi!, npi: '1234567890' },
      { ...expired!, validUntil: '2020-01-01' },
      { ...unknownJurisdiction!, jurisdiction: 'US-XX' },
      { ...unaccredited!, licenseType: 'RN' },
      { ...duplicate!, licenseNumber: ` ${good1!.licenseNumber.toLowerCase()} ` },
      { ...otherChain!, subjectDid: `did:ethr:0x1:0x${'ab'.repeat(20)}` },
      { ...badDate!, validUntil: '2030-02-30' },
      { ...good3!, name: 'Dr. "Quoted", Jr.' },
    ]
    const csv = `${toLicenseCsv(rows).trimEnd()}\r\n${good3!.subjectDid},only three fields\r\n`
    const started = await start(board, csv)
    const done = await processLicenseImport(p, started.run!, started.file)

    expect(done).toMatchObject({ status: 'DONE', totalRows: 11, processed: 11, issued: 3, skipped: 0, failed: 8 })
    expect(done.errors).toEqual([
      { row: 4, field: 'npi', reason: 'must be a valid 10-digit NPI (Luhn check with the 80840 prefix)' },
      { row: 5, field: 'validUntil', reason: 'must be after the issue date' },
      { row: 6, field: 'jurisdiction', reason: 'must be an ISO 3166-2 code of a supported jurisdiction, e.g. US-CA' },
      { row: 7, field: 'licenseType', reason: 'This board is not accredited to issue RN licences in US-CA' },
      { row: 8, field: 'licenseNumber', reason: `duplicates row 2 (licence US-CA:${good1!.licenseNumber} appears more than once in the file)` },
      { row: 9, field: 'subjectDid', reason: `must be a DID on this chain (${p.chain.didPrefix}:0x...)` },
      { row: 10, field: 'validUntil', reason: 'must be an ISO 8601 date (YYYY-MM-DD) or date-time, and a real calendar date' },
      { row: 12, field: '(row)', reason: 'has 2 fields; the header has 9' },
    ])
    const issued = await p.db.issuedCredential.findMany({ where: { importId: done.id }, select: { naturalKey: true, claims: true } })
    expect(issued.map((c) => c.naturalKey).sort()).toEqual([good1, good2, good3].map((r) => `US-CA:${r!.licenseNumber}`).sort())
    expect(issued.map((c) => JSON.parse(c.claims).name)).toContain('Dr. "Quoted", Jr.')
  })

  it('refuses a file with wrong columns with a clear error, writing nothing', async () => {
    const board = await seedImportingBoard(p, anchor)
    const head = await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
    const csv = toLicenseCsv(licenseRows(p, 3), ['subjectDid', 'name', 'licenseType', 'licenceNumber', 'jurisdiction', 'specialty', 'npi', 'validUntil'])
    const error = await start(board, csv).then(
      () => undefined,
      (e: AppError) => e,
    )
    expect(error).toBeInstanceOf(AppError)
    expect(error?.code).toBe('VALIDATION_FAILED')
    expect(error?.details?.fields).toEqual([
      { field: 'licenceNumber', message: expect.stringMatching(/^unknown column/) },
      { field: 'licenseNumber', message: 'missing column' },
    ])
    expect(await p.db.licenseImport.count({ where: { orgId: board.board.id } })).toBe(0)
    expect(await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).toEqual(head)
  })

  it('resumes after a crash mid-way (even one that lost a committed batch\'s progress): every row issued exactly once', async () => {
    const board = await seedImportingBoard(p, anchor)
    const rows = licenseRows(p, 1_000)
    const csv = toLicenseCsv(rows)
    const first = await start(board, csv)
    // The worker processes two batches of 200, then "dies" (its lease stays RUNNING)...
    const crashed = await processLicenseImport(p, first.run!, first.file, { batchSize: 200, maxBatches: 2 })
    expect(crashed).toMatchObject({ status: 'RUNNING', processed: 400, issued: 400 })
    // ...after committing its third batch but before recording that progress.
    const file = readLicenseFile(csv)
    const third = []
    for (const row of file.rows.slice(400, 600)) {
      const request = licenseRequestOf(row)
      if (!request.ok) throw new Error('fixture row invalid')
      const prepared = await prepareCredential({ db: p.db, resolver: p.resolver, didPrefix: p.chain.didPrefix }, board.board, request.request, { checkResolvable: false })
      if (!prepared.ok) throw new Error('fixture row invalid')
      third.push({ ...prepared.item, keepIfIdentical: true })
    }
    await issueCredentials(p, { issuer: board.board, actor: actorOf(board.caller), items: third, importId: first.import.id })

    // While its lease is fresh, submitting the file again leaves it alone.
    expect((await start(board, csv)).run).toBeUndefined()
    // Once the lease is stale, the same file resumes the same import where the progress says.
    const resumed = await start(board, csv, { staleAfterMs: 0 })
    expect(resumed.run).toMatchObject({ mode: 'resume', processed: 400 })
    const done = await processLicenseImport(p, resumed.run!, resumed.file, { batchSize: 200 })
    expect(done).toMatchObject({ status: 'DONE', processed: 1_000, issued: 1_000, skipped: 0, failed: 0 })

    const issued = await licencesOf(done.id)
    expect(issued).toHaveLength(1_000)
    expect(issued.every((c) => c.status === 'ACTIVE')).toBe(true)
    expect(new Set(issued.map((c) => c.naturalKey)).size).toBe(1_000)
    expect(await p.db.issuedCredential.count({ where: { orgId: board.board.id, type: 'ClinicianLicenseCredential' } })).toBe(1_000)
    const actions = (await p.db.auditEntry.findMany({ where: { subject: done.id }, orderBy: { seq: 'asc' } })).map((e) => e.action)
    expect(actions).toEqual(['license.import_started', 'license.import_resumed', 'license.import_finished'])
  }, 120_000)

  it('stops cleanly when interrupted (FAILED, resumable) and resumes from the same file at once', async () => {
    const board = await seedImportingBoard(p, anchor)
    const csv = toLicenseCsv(licenseRows(p, 500))
    const first = await start(board, csv)
    const abort = new AbortController()
    const stopped = await processLicenseImport(p, first.run!, first.file, {
      batchSize: 100,
      signal: abort.signal,
      onProgress: (progress) => progress.phase === 'issuing' && progress.done >= 200 && abort.abort(),
    })
    expect(stopped).toMatchObject({ status: 'FAILED', processed: 200, issued: 200 })
    const interrupted = await p.db.auditEntry.findFirstOrThrow({ where: { subject: first.import.id, action: 'license.import_finished' } })
    expect(interrupted.reasonCode).toBe('INTERRUPTED')

    const resumed = await start(board, csv)
    expect(resumed.run).toMatchObject({ mode: 'resume', processed: 200 })
    const done = await processLicenseImport(p, resumed.run!, resumed.file, { batchSize: 100 })
    expect(done).toMatchObject({ status: 'DONE', processed: 500, issued: 500, skipped: 0 })
    expect(await p.db.issuedCredential.count({ where: { orgId: board.board.id } })).toBe(500)
  })

  it('does not override the board: a suspended or revoked licence is an error on re-run, not replaced', async () => {
    const board = await seedImportingBoard(p, anchor)
    const csv = toLicenseCsv(licenseRows(p, 4))
    const first = await start(board, csv)
    const done = await processLicenseImport(p, first.run!, first.file)
    const [a, b] = await p.db.issuedCredential.findMany({ where: { importId: done.id }, orderBy: { naturalKey: 'asc' } })
    await changeCredentialStatus(p.db, { caller: board.caller, input: { credentialId: a!.id, action: 'suspend', reason: 'under investigation' } })
    await changeCredentialStatus(p.db, { caller: board.caller, input: { credentialId: b!.id, action: 'revoke', reason: 'disciplinary action' } })

    const again = await start(board, csv)
    const rerun = await processLicenseImport(p, again.run!, again.file)
    expect(rerun).toMatchObject({ status: 'DONE', issued: 0, skipped: 2, failed: 2 })
    expect(rerun.errors.map((e) => [e.field, e.reason])).toEqual(
      expect.arrayContaining([
        ['licenseNumber', `licence ${a!.naturalKey} is suspended; reinstate or revoke it before importing it`],
        ['licenseNumber', `licence ${b!.naturalKey} was revoked; issue it individually if it has been reinstated`],
      ]),
    )
    expect(await p.db.issuedCredential.count({ where: { orgId: board.board.id } })).toBe(4)
  })

  it('starts one worker when the same file is submitted twice at once; another board cannot see the import', async () => {
    const board = await seedImportingBoard(p, anchor)
    const other = await seedImportingBoard(p, anchor)
    const csv = toLicenseCsv(licenseRows(p, 5))
    const [x, y] = await Promise.all([start(board, csv), start(board, csv)])
    expect(x.import.id).toBe(y.import.id)
    expect([x.run, y.run].filter(Boolean)).toHaveLength(1)
    await processLicenseImport(p, (x.run ?? y.run)!, x.file)

    expect((await getLicenseImport(p.db, { orgId: board.board.id, id: x.import.id })).status).toBe('DONE')
    await expect(getLicenseImport(p.db, { orgId: other.board.id, id: x.import.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // The same file is a separate import for another board.
    const theirs = await start(other, csv)
    expect(theirs.import.id).not.toBe(x.import.id)
  })
})

describe('bulk licence import (PostgreSQL)', () => {
  let p: TestPlatform

  beforeAll(async () => {
    p = await startTestPlatform({ database: 'postgres' })
  })
  afterAll(async () => {
    await p.destroy()
  })

  it('imports, resumes after a crash and re-runs idempotently', async () => {
    const board = await seedImportingBoard(p)
    const csv = toLicenseCsv(licenseRows(p, 300))
    const actor = callerActor(board.caller)
    const first = await startLicenseImport(p.db, { orgId: board.board.id, actor, fileName: 'pg.csv', file: csv })
    await processLicenseImport(p, first.run!, first.file, { batchSize: 100, maxBatches: 1 })
    const resumed = await startLicenseImport(p.db, { orgId: board.board.id, actor, fileName: 'pg.csv', file: csv, staleAfterMs: 0 })
    expect(resumed.run).toMatchObject({ mode: 'resume', processed: 100 })
    expect(await processLicenseImport(p, resumed.run!, resumed.file, { batchSize: 100 })).toMatchObject({ status: 'DONE', issued: 300, skipped: 0 })
    const again = await startLicenseImport(p.db, { orgId: board.board.id, actor, fileName: 'pg.csv', file: csv })
    expect(await processLicenseImport(p, again.run!, again.file)).toMatchObject({ status: 'DONE', issued: 0, skipped: 300 })
    expect(await p.db.issuedCredential.count({ where: { orgId: board.board.id } })).toBe(300)
  }, 120_000)
})
