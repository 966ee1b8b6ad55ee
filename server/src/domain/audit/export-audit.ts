/**
 * Auditor export of a period, as CSV or JSON, with the proof material: each entry's hash and link, the anchor
 * that covers it (root, range, chain, registry, transaction, block) and its RFC 9162 inclusion path, so any
 * entry can be checked against the chain without the rest of the log. CSV carries the same material as JSON,
 * one row per entry (the path as `;`-separated hashes).
 *
 * A period is exported whole, of any size: entries are read page by page, as of the moment the export
 * starts, and streamed as text chunks (never a silent cut).
 */
import type { Db } from '../../db.js'
import { anchorProver, toProofEntry, type AnchorRow, type AuditInclusionProof, type ChainRef } from './audit-inclusion-proof.js'
import { exportSnapshot, pageAuditEntriesForExport, type ExportPeriod } from './query-audit.js'

export interface ExportAuditArgs extends ExportPeriod {
  chain: ChainRef
}

export const EXPORT_FORMAT = 'credgate-audit-export/v1'
const HASH_RULE = 'sha256(RFC 8785 canonical JSON of the entry without its hash); Merkle tree per RFC 9162'

export const CSV_COLUMNS = [
  'seq',
  'at',
  'actorType',
  'actor',
  'orgId',
  'action',
  'subjectType',
  'subject',
  'decision',
  'reasonCode',
  'details',
  'prevHash',
  'hash',
  'anchorRoot',
  'anchorTx',
  'anchorBlock',
  'anchorFromSeq',
  'anchorToSeq',
  'anchorChainId',
  'anchorRegistry',
  'anchoredBy',
  'leafIndex',
  'treeSize',
  'merklePath',
] as const

/** One exported entry: with its inclusion proof when a confirmed anchor covers it. */
type ExportedEntry = { kind: 'anchored'; proof: AuditInclusionProof } | { kind: 'unanchored'; entry: AuditInclusionProof['entry'] }

type Snapshot = Awaited<ReturnType<typeof exportSnapshot>> & { anchors: AnchorRow[] }

/** The period's entries and the confirmed anchors, both as of the start of the export. */
async function snapshotOf(db: Db, args: ExportAuditArgs): Promise<Snapshot> {
  const snapshot = await exportSnapshot(db, args)
  const anchors = await db.auditAnchor.findMany({ where: { status: 'CONFIRMED', txHash: { not: null }, blockNumber: { not: null } }, orderBy: { fromSeq: 'asc' } })
  return { ...snapshot, anchors }
}

/** Every entry of the period in sequence order, each with its proof when an anchor of the snapshot covers it. */
async function* exportedEntries(db: Db, args: ExportAuditArgs, snapshot: Snapshot): AsyncGenerator<ExportedEntry> {
  const { anchors } = snapshot
  let current: { anchor: AnchorRow; prove: Awaited<ReturnType<typeof anchorProver>> } | undefined
  for await (const page of pageAuditEntriesForExport(db, snapshot, args.pageSize)) {
    for (const e of page) {
      const anchor = current && current.anchor.fromSeq <= e.seq && current.anchor.toSeq >= e.seq ? current.anchor : anchors.find((a) => a.fromSeq <= e.seq && a.toSeq >= e.seq)
      if (!anchor) {
        yield { kind: 'unanchored', entry: toProofEntry(e) }
        continue
      }
      if (current?.anchor !== anchor) current = { anchor, prove: await anchorProver(db, anchor, args.chain) }
      yield { kind: 'anchored', proof: current.prove(e) }
    }
  }
}

function period(args: ExportAuditArgs) {
  return { from: args.from?.toISOString() ?? null, to: args.to?.toISOString() ?? null }
}

/**
 * The JSON document as text chunks: a head (format, period, chain, hash rule), the anchored entries (with
 * proofs), then the unanchored ones, each array read page by page.
 */
export async function* exportAuditJsonChunks(db: Db, args: ExportAuditArgs): AsyncGenerator<string> {
  const snapshot = await snapshotOf(db, args)
  const head = { format: EXPORT_FORMAT, generatedAt: new Date().toISOString(), period: period(args), throughSeq: snapshot.throughSeq, chain: args.chain, hashRule: HASH_RULE }
  yield `${JSON.stringify(head).slice(0, -1)},"entries":[`
  let first = true
  for await (const item of exportedEntries(db, args, snapshot)) {
    if (item.kind !== 'anchored') continue
    yield `${first ? '' : ','}${JSON.stringify(item.proof)}`
    first = false
  }
  yield '],"unanchoredEntries":['
  first = true
  for await (const item of exportedEntries(db, args, snapshot)) {
    if (item.kind !== 'unanchored') continue
    yield `${first ? '' : ','}${JSON.stringify(item.entry)}`
    first = false
  }
  yield ']}'
}

/** The CSV as chunks (a header line, then a chunk of rows per page), for any size. */
export async function* exportAuditCsvChunks(db: Db, args: ExportAuditArgs): AsyncGenerator<string> {
  yield* csvChunks(db, args, await snapshotOf(db, args))
}

async function* csvChunks(db: Db, args: ExportAuditArgs, snapshot: Snapshot): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\n`
  let rows: string[] = []
  for await (const item of exportedEntries(db, args, snapshot)) {
    rows.push(`${csvRow(item)}\n`)
    if (rows.length >= (args.pageSize ?? 1000)) {
      yield rows.join('')
      rows = []
    }
  }
  if (rows.length > 0) yield rows.join('')
}

function csvRow(item: ExportedEntry): string {
  const e = item.kind === 'anchored' ? item.proof.entry : item.entry
  const p = item.kind === 'anchored' ? item.proof : undefined
  const values: Record<(typeof CSV_COLUMNS)[number], string> = {
    seq: String(e.seq),
    at: e.at,
    actorType: e.actorType,
    actor: e.actor,
    orgId: e.orgId ?? '',
    action: e.action,
    subjectType: e.subjectType ?? '',
    subject: e.subject ?? '',
    decision: e.decision,
    reasonCode: e.reasonCode ?? '',
    details: e.details,
    prevHash: e.prevHash,
    hash: e.hash,
    anchorRoot: p?.anchor.root ?? '',
    anchorTx: p?.anchor.txHash ?? '',
    anchorBlock: p ? String(p.anchor.blockNumber) : '',
    anchorFromSeq: p ? String(p.anchor.fromSeq) : '',
    anchorToSeq: p ? String(p.anchor.toSeq) : '',
    anchorChainId: p ? String(p.anchor.chainId) : '',
    anchorRegistry: p?.anchor.registry ?? '',
    anchoredBy: p?.anchor.anchoredBy ?? '',
    leafIndex: p ? String(p.leafIndex) : '',
    treeSize: p ? String(p.treeSize) : '',
    merklePath: p ? p.path.join(';') : '',
  }
  return CSV_COLUMNS.map((c) => csvCell(values[c])).join(',')
}

/** RFC 4180 quoting, plus a leading quote for cells a spreadsheet would run as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}
