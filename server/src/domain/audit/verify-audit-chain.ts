/**
 * Recomputes the audit hash chain and checks every confirmed anchor against the chain, naming the first
 * entry that was altered, removed or inserted. Streams the log in pages, so 100,000s of entries fit in
 * little memory.
 */
import type { JsonRpcProvider } from 'ethers'
import { didEthrAddress } from '../../../../agent-config/src/did-address.js'
import { readAnchorFromTx } from '../../chain/did-attribute-anchor.js'
import type { Db } from '../../db.js'
import { computeAuditEntryHash, GENESIS_HASH } from './audit-hash.js'
import { merkleRoot } from './merkle.js'

export type AuditProblemKind = 'ALTERED' | 'MISSING' | 'INSERTED' | 'BROKEN_LINK' | 'HEAD_MISMATCH' | 'ANCHOR_MISMATCH' | 'ANCHOR_UNVERIFIABLE'

export interface AuditProblem {
  kind: AuditProblemKind
  /** The first entry concerned. */
  seq: number
  message: string
}

export interface AuditVerification {
  ok: boolean
  entries: number
  anchorsChecked: number
  /** The highest sequence number covered by a verified on-chain anchor. */
  anchoredThrough: number
  problem: AuditProblem | undefined
}

export interface VerifyAuditOptions {
  db: Db
  /** Without a provider, anchors are checked only against the recorded roots (not the chain). */
  provider?: JsonRpcProvider
  registry?: string
  platformDid?: string
  pageSize?: number
}

export async function verifyAuditChain(options: VerifyAuditOptions): Promise<AuditVerification> {
  const { db } = options
  const pageSize = options.pageSize ?? 5_000
  const head = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  let count = 0
  let problem: AuditProblem | undefined

  // The log is verified up to the head read above (an entry and the head move together, in one transaction);
  // entries appended while this runs are checked by the next run.
  outer: for (let after = 0; ; ) {
    const page = await db.auditEntry.findMany({ where: { seq: { gt: after, lte: head.seq } }, orderBy: { seq: 'asc' }, take: pageSize })
    if (page.length === 0) break
    for (const entry of page) {
      count++
      if (entry.seq !== expectedSeq) {
        problem = { kind: 'MISSING', seq: expectedSeq, message: `entry ${expectedSeq} is missing (next present entry is ${entry.seq}): removed` }
        break outer
      }
      const recomputed = computeAuditEntryHash(entry)
      if (recomputed !== entry.hash) {
        problem = { kind: 'ALTERED', seq: entry.seq, message: `entry ${entry.seq} does not match its hash: altered` }
        break outer
      }
      if (entry.prevHash !== prevHash) {
        const seq = entry.seq - 1
        problem =
          seq === 0
            ? { kind: 'BROKEN_LINK', seq: entry.seq, message: `entry ${entry.seq} does not link to the genesis hash: inserted or altered` }
            : { kind: 'ALTERED', seq, message: `entry ${seq} was altered or replaced (entry ${entry.seq} no longer links to it)` }
        break outer
      }
      prevHash = entry.hash
      expectedSeq++
    }
    after = page[page.length - 1]!.seq
  }

  if (!problem && expectedSeq - 1 !== head.seq) {
    problem = { kind: 'MISSING', seq: expectedSeq, message: `entries ${expectedSeq}..${head.seq} are missing: removed from the end` }
  }
  if (!problem && head.lastHash !== prevHash) {
    problem = { kind: 'HEAD_MISMATCH', seq: head.seq, message: `the chain head does not match entry ${head.seq}: altered` }
  }
  if (!problem) {
    // A row beyond the head: legitimate only if the head has moved past it since (a concurrent append).
    const latest = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
    const beyond = await db.auditEntry.findFirst({ where: { seq: { gt: latest.seq } }, orderBy: { seq: 'asc' }, select: { seq: true } })
    if (beyond) problem = { kind: 'INSERTED', seq: beyond.seq, message: `entry ${beyond.seq} lies beyond the chain head (${latest.seq}): inserted` }
  }

  let anchorsChecked = 0
  let anchoredThrough = 0
  const anchors = await db.auditAnchor.findMany({ where: { status: 'CONFIRMED' }, orderBy: { fromSeq: 'asc' } })
  const identity = options.platformDid ? didEthrAddress(options.platformDid) : undefined
  for (const anchor of anchors) {
    if (problem) break // a problem found in the chain itself already names the exact entry
    const rangeHashes = await db.auditEntry.findMany({ where: { seq: { gte: anchor.fromSeq, lte: anchor.toSeq } }, orderBy: { seq: 'asc' }, select: { hash: true } })
    const root = rangeHashes.length === anchor.toSeq - anchor.fromSeq + 1 ? merkleRoot(rangeHashes.map((h) => h.hash)) : undefined
    let anchoredRoot = anchor.root
    if (options.provider && options.registry && identity && anchor.txHash) {
      const onChain = await readAnchorFromTx(options.provider, options.registry, identity, anchor.txHash).catch(() => undefined)
      if (!onChain || onChain.fromSeq !== anchor.fromSeq || onChain.toSeq !== anchor.toSeq) {
        problem = { kind: 'ANCHOR_UNVERIFIABLE', seq: anchor.fromSeq, message: `anchor of entries ${anchor.fromSeq}..${anchor.toSeq} (tx ${anchor.txHash}) is not on chain as recorded` }
        break
      }
      anchoredRoot = onChain.root
    }
    if (root !== anchoredRoot) {
      problem = {
        kind: 'ANCHOR_MISMATCH',
        seq: anchor.fromSeq,
        message: `entries ${anchor.fromSeq}..${anchor.toSeq} differ from the root anchored on chain in tx ${anchor.txHash}: rewritten`,
      }
      break
    }
    anchorsChecked++
    anchoredThrough = anchor.toSeq
  }

  return { ok: !problem, entries: count, anchorsChecked, anchoredThrough, problem }
}
