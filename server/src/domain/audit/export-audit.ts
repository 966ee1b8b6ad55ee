/**
 * Auditor export of a period, as CSV or JSON, with the proof material: each entry's hash and link, the
 * anchors that cover it (root, transaction, block), and in JSON an RFC 9162 inclusion proof per anchored
 * entry, so the export can be checked against the chain without the rest of the log.
 */
import type { Db } from '../../db.js'
import { buildInclusionProofsForAnchor, type AuditInclusionProof } from './audit-inclusion-proof.js'
import { listAuditEntriesForExport } from './query-audit.js'

export interface ExportAuditArgs {
  orgId: string
  from?: Date
  to?: Date
  chain: { chainId: number; registry: string; platformAddress: string }
}

const COLUMNS = ['seq', 'at', 'actorType', 'actor', 'orgId', 'action', 'subjectType', 'subject', 'decision', 'reasonCode', 'details', 'prevHash', 'hash', 'anchorRoot', 'anchorTx', 'anchorBlock'] as const

export async function exportAuditJson(db: Db, args: ExportAuditArgs) {
  const entries = await listAuditEntriesForExport(db, args)
  const anchors = await db.auditAnchor.findMany({ where: { status: 'CONFIRMED' }, orderBy: { fromSeq: 'asc' } })
  const proofs: AuditInclusionProof[] = []
  for (const anchor of anchors) {
    const covered = entries.filter((e) => e.seq >= anchor.fromSeq && e.seq <= anchor.toSeq)
    if (covered.length > 0) proofs.push(...(await buildInclusionProofsForAnchor(db, anchor, covered, args.chain)))
  }
  const proven = new Set(proofs.map((p) => p.entry.seq))
  return {
    format: 'credgate-audit-export/v1',
    generatedAt: new Date().toISOString(),
    period: { from: args.from?.toISOString() ?? null, to: args.to?.toISOString() ?? null },
    chain: args.chain,
    hashRule: 'sha256(RFC 8785 canonical JSON of the entry without its hash); Merkle tree per RFC 9162',
    entries: proofs,
    unanchoredEntries: entries.filter((e) => !proven.has(e.seq)).map((e) => ({ ...e, at: e.at.toISOString() })),
  }
}

export async function exportAuditCsv(db: Db, args: ExportAuditArgs): Promise<string> {
  const entries = await listAuditEntriesForExport(db, args)
  const anchors = await db.auditAnchor.findMany({ where: { status: 'CONFIRMED' }, orderBy: { fromSeq: 'asc' } })
  const rows = entries.map((e) => {
    const anchor = anchors.find((a) => a.fromSeq <= e.seq && a.toSeq >= e.seq)
    const values: Record<(typeof COLUMNS)[number], string> = {
      seq: String(e.seq),
      at: e.at.toISOString(),
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
      anchorRoot: anchor?.root ?? '',
      anchorTx: anchor?.txHash ?? '',
      anchorBlock: anchor?.blockNumber?.toString() ?? '',
    }
    return COLUMNS.map((c) => csvCell(values[c])).join(',')
  })
  return `${COLUMNS.join(',')}\n${rows.join('\n')}${rows.length ? '\n' : ''}`
}

/** RFC 4180 quoting, plus a leading quote for cells a spreadsheet would run as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}
