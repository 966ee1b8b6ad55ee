/**
 * The auditor's export on the real chain and database: a whole period read page by page (never cut), CSV rows
 * carrying the same proof material as JSON (each row checks against the chain alone), the streamed forms equal
 * to the in-memory ones, and a period over the in-memory limit refused with PAYLOAD_TOO_LARGE.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { didEthrAddress } from '../../../../agent-config/src/did-address.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { anchorAuditLog } from './anchor-audit-log.js'
import { appendAuditEntry } from './append-audit-entry.js'
import { verifyAuditInclusionProof, type AuditInclusionProof } from './audit-inclusion-proof.js'
import { CSV_COLUMNS, exportAuditCsvChunks, exportAuditJsonChunks, type ExportAuditArgs } from './export-audit.js'

/** RFC 4180 parsing (quoted cells with commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += c
  }
  if (cell || row.length) rows.push([...row, cell])
  return rows
}

const exportAuditCsv = (db: TestPlatform['db'], args: ExportAuditArgs) => collect(exportAuditCsvChunks(db, args))
const exportAuditJson = async (db: TestPlatform['db'], args: ExportAuditArgs) =>
  JSON.parse(await collect(exportAuditJsonChunks(db, args))) as { entries: AuditInclusionProof[]; unanchoredEntries: Array<{ seq: number }> }

async function collect(chunks: AsyncGenerator<string>): Promise<string> {
  let text = ''
  for await (const chunk of chunks) text += chunk
  return text
}

describe('audit export', () => {
  let p: TestPlatform
  let orgId: string
  let args: ExportAuditArgs
  const t0 = new Date('2031-03-01T00:00:00Z').getTime()

  beforeAll(async () => {
    p = await startTestPlatform()
    orgId = (await p.db.organization.create({ data: { kind: 'HOSPITAL', name: 'Export Hospital', did: `did:example:${crypto.randomUUID()}` } })).id
    const append = (i: number, org: string) =>
      p.db.$transaction((tx) =>
        appendAuditEntry(tx, { actorType: 'STAFF', actor: `a${i % 3}`, orgId: org, action: 'test.export', subject: `s,"${i}"`, decision: 'DONE', details: { i, note: 'a, "quoted"\nline' }, at: new Date(t0 + i * 60_000) }),
      )
    for (let i = 0; i < 25; i++) {
      await append(i, orgId)
      if (i % 5 === 0) await append(i, p.platformOrg.id) // another organisation's entries, interleaved
    }
    expect(await anchorAuditLog(p)).toMatchObject({ status: 'anchored' })
    for (let i = 25; i < 29; i++) await append(i, orgId) // not anchored yet
    args = { orgId, chain: { ...p.chain, platformAddress: didEthrAddress(p.platformOrg.did)! }, pageSize: 3 }
  })
  afterAll(async () => {
    await p?.destroy()
  })

  it('exports every entry of the period as CSV, page by page, with proofs that check against the chain row by row', async () => {
    const rows = parseCsv(await exportAuditCsv(p.db, args))
    expect(rows[0]).toEqual([...CSV_COLUMNS])
    const records = rows.slice(1).map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]!])) as Record<(typeof CSV_COLUMNS)[number], string>)
    const own = await p.db.auditEntry.findMany({ where: { orgId }, orderBy: { seq: 'asc' } })
    expect(own).toHaveLength(29)
    expect(records.map((r) => Number(r.seq))).toEqual(own.map((e) => e.seq))
    expect(records.every((r) => r.orgId === orgId)).toBe(true)

    const anchored = records.filter((r) => r.merklePath !== '')
    expect(anchored).toHaveLength(25)
    expect(records.slice(25).every((r) => r.anchorTx === '' && r.merklePath === '' && r.leafIndex === '')).toBe(true)
    for (const r of anchored) {
      const proof: AuditInclusionProof = {
        entry: {
          seq: Number(r.seq),
          at: r.at,
          actorType: r.actorType,
          actor: r.actor,
          orgId: r.orgId || null,
          action: r.action,
          subjectType: r.subjectType || null,
          subject: r.subject || null,
          decision: r.decision,
          reasonCode: r.reasonCode || null,
          details: r.details,
          prevHash: r.prevHash,
          hash: r.hash,
        },
        anchor: {
          fromSeq: Number(r.anchorFromSeq),
          toSeq: Number(r.anchorToSeq),
          root: r.anchorRoot,
          chainId: Number(r.anchorChainId),
          registry: r.anchorRegistry,
          anchoredBy: r.anchoredBy,
          txHash: r.anchorTx,
          blockNumber: Number(r.anchorBlock),
        },
        leafIndex: Number(r.leafIndex),
        treeSize: Number(r.treeSize),
        path: r.merklePath.split(';'),
      }
      expect(await verifyAuditInclusionProof(proof, p.provider)).toEqual({ valid: true })
    }
  })

  it('exports the same entries and proofs as JSON, and a period of a few entries whole', async () => {
    const json = await exportAuditJson(p.db, args)
    expect(json.entries).toHaveLength(25)
    expect(json.unanchoredEntries.map((e) => e.seq)).toEqual((await p.db.auditEntry.findMany({ where: { orgId }, orderBy: { seq: 'asc' }, skip: 25 })).map((e) => e.seq))
    for (const proof of [json.entries[0]!, json.entries[12]!, json.entries[24]!]) expect(await verifyAuditInclusionProof(proof, p.provider)).toEqual({ valid: true })
    // pages of 4 rows give the same file as pages of 1,000
    expect(await collect(exportAuditCsvChunks(p.db, { ...args, pageSize: 4 }))).toBe(await exportAuditCsv(p.db, args))
    const shorter = { ...args, from: new Date(t0 + 10 * 60_000), to: new Date(t0 + 19 * 60_000) }
    const rows = parseCsv(await exportAuditCsv(p.db, shorter)).slice(1)
    expect(rows.map((r) => JSON.parse(r[CSV_COLUMNS.indexOf('details')]!).i)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
    expect((await exportAuditJson(p.db, shorter)).entries).toHaveLength(10)
  })
})
