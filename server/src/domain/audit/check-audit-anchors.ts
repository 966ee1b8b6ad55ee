/**
 * Checks the audit log against its anchors. With the chain, the anchors are the ones the platform DID actually
 * wrote (listed from the registry's events), not the database's list of them, so deleting AuditAnchor rows or
 * marking them PENDING hides nothing:
 *  1. every on-chain anchor's root must be the Merkle root of the entries it names: a rewritten range no longer
 *     matches even when every hash was recomputed, and entries it names beyond the head were removed;
 *  2. every on-chain anchor must have its AuditAnchor row (same range and root, any status), which inclusion
 *     proofs and the next anchor's range are read from;
 *  3. every CONFIRMED row must be on chain as recorded.
 * Without the chain, CONFIRMED rows are checked against the roots they record (the database trusting itself).
 */
import type { JsonRpcProvider } from 'ethers'
import { readAnchorFromTx, type OnChainAnchor } from '../../chain/did-attribute-anchor.js'
import type { Db } from '../../db.js'
import type { AuditProblem } from './audit-problem.js'
import { merkleRoot } from './merkle.js'
import { rangeHashes } from './query-audit.js'

export interface AnchorCheck {
  problem: AuditProblem | undefined
  anchorsChecked: number
  /** The highest sequence number covered by a verified anchor. */
  anchoredThrough: number
}

export interface ChainAnchors {
  provider: JsonRpcProvider
  registry: string
  /** The platform DID's Ethereum address. */
  identity: string
  /** Every anchor the platform DID wrote, listed before the head was read (so none names entries beyond it). */
  anchors: OnChainAnchor[]
}

interface Anchor {
  fromSeq: number
  toSeq: number
  root: string
  txHash: string | null
}

export async function checkAuditAnchors(db: Db, headSeq: number, chain: ChainAnchors | undefined): Promise<AnchorCheck> {
  const rows = await db.auditAnchor.findMany({ orderBy: { fromSeq: 'asc' }, select: { fromSeq: true, toSeq: true, root: true, txHash: true, status: true } })
  const confirmed = rows.filter((r) => r.status === 'CONFIRMED')
  const entries = new RangeRoots(db, headSeq)
  const result: AnchorCheck = { problem: undefined, anchorsChecked: 0, anchoredThrough: 0 }
  const fail = (problem: AuditProblem): AnchorCheck => ({ ...result, problem })
  const pass = (anchor: Anchor) => {
    result.anchorsChecked++
    result.anchoredThrough = Math.max(result.anchoredThrough, anchor.toSeq)
  }

  if (!chain) {
    for (const row of confirmed) {
      if (await entries.writtenSinceHeadWasRead(row.toSeq)) continue
      const problem = await entries.mismatch(row)
      if (problem) return fail(problem)
      pass(row)
    }
    return result
  }

  const onChain = [...chain.anchors].sort((a, b) => a.fromSeq - b.fromSeq || a.blockNumber - b.blockNumber)
  for (const anchor of onChain) {
    const problem = await entries.mismatch(anchor)
    if (problem) return fail(problem)
    pass(anchor)
  }
  for (const anchor of onChain) {
    if (!rows.some((r) => r.fromSeq === anchor.fromSeq && r.toSeq === anchor.toSeq && r.root === anchor.root)) {
      return fail({
        kind: 'ANCHOR_UNRECORDED',
        seq: anchor.fromSeq,
        message: `entries ${anchor.fromSeq}..${anchor.toSeq} were anchored on chain in tx ${anchor.txHash}, but no anchor record holds that range and root: removed or altered`,
        anchor: pick(anchor),
      })
    }
  }
  const listed = new Map(onChain.map((a) => [a.txHash, a]))
  for (const row of confirmed) {
    const listedAnchor = row.txHash ? listed.get(row.txHash) : undefined
    // A row confirmed after the listing names a transaction the listing did not reach: read it alone.
    const anchor = listedAnchor ?? (row.txHash ? await readAnchorFromTx(chain.provider, chain.registry, chain.identity, row.txHash).catch(() => undefined) : undefined)
    if (!anchor || anchor.fromSeq !== row.fromSeq || anchor.toSeq !== row.toSeq || anchor.root !== row.root) {
      return fail({
        kind: 'ANCHOR_UNVERIFIABLE',
        seq: row.fromSeq,
        message: `anchor of entries ${row.fromSeq}..${row.toSeq} (tx ${row.txHash}) is not on chain as recorded`,
        anchor: pick(row),
      })
    }
    if (listedAnchor || (await entries.writtenSinceHeadWasRead(anchor.toSeq))) continue
    const problem = await entries.mismatch(anchor)
    if (problem) return fail(problem)
    pass(anchor)
  }
  return result
}

function pick(anchor: Anchor): NonNullable<AuditProblem['anchor']> {
  return { fromSeq: anchor.fromSeq, toSeq: anchor.toSeq, txHash: anchor.txHash }
}

/** Merkle roots of ranges of the log (each range read once), compared with the roots anchors hold. */
class RangeRoots {
  private readonly roots = new Map<string, string>()
  private latestHeadSeq: number | undefined

  constructor(
    private readonly db: Db,
    /** The head the hash chain was verified up to: entries 1..headSeq are all present. */
    private readonly headSeq: number,
  ) {}

  /** The problem with `anchor`'s range, if its entries are not the ones it anchored. */
  async mismatch(anchor: Anchor): Promise<AuditProblem | undefined> {
    if (anchor.toSeq > this.headSeq) {
      const first = Math.max(anchor.fromSeq, this.headSeq + 1)
      return {
        kind: 'MISSING',
        seq: first,
        message: `entries ${first}..${anchor.toSeq} are anchored in tx ${anchor.txHash} but missing from the log: removed`,
        anchor: pick(anchor),
      }
    }
    if ((await this.rootOf(anchor.fromSeq, anchor.toSeq)) === anchor.root) return undefined
    return {
      kind: 'ANCHOR_MISMATCH',
      seq: anchor.fromSeq,
      message: `entries ${anchor.fromSeq}..${anchor.toSeq} differ from the root anchored on chain in tx ${anchor.txHash}: rewritten`,
      anchor: pick(anchor),
    }
  }

  /**
   * Whether an anchor recorded in the database covers entries appended after the head was read (an anchor
   * confirmed while verification ran): the next run checks it. Re-reads the head once.
   */
  async writtenSinceHeadWasRead(toSeq: number): Promise<boolean> {
    if (toSeq <= this.headSeq) return false
    this.latestHeadSeq ??= (await this.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq
    return toSeq <= this.latestHeadSeq
  }

  private async rootOf(fromSeq: number, toSeq: number): Promise<string | undefined> {
    const key = `${fromSeq}-${toSeq}`
    const known = this.roots.get(key)
    if (known) return known
    const hashes = await rangeHashes(this.db, fromSeq, toSeq)
    if (hashes.length !== toSeq - fromSeq + 1) return undefined
    const root = merkleRoot(hashes)
    this.roots.set(key, root)
    return root
  }
}
