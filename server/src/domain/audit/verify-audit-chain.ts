/**
 * Recomputes the audit hash chain and checks it against the anchors the platform DID wrote on chain, naming the
 * first entry that was altered, removed or inserted, or the anchor a rewritten range no longer matches. Streams
 * the log in pages, so 100,000s of entries fit in little memory.
 */
import type { JsonRpcProvider } from 'ethers'
import { didEthrAddress } from '../../../../agent-config/src/did-address.js'
import { listAnchors } from '../../chain/did-attribute-anchor.js'
import type { Db } from '../../db.js'
import { AppError } from '../../errors.js'
import { computeAuditEntryHash, GENESIS_HASH } from './audit-hash.js'
import type { AuditProblem } from './audit-problem.js'
import { checkAuditAnchors, type ChainAnchors } from './check-audit-anchors.js'

export type { AuditProblem, AuditProblemKind } from './audit-problem.js'

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
  /**
   * With a provider (and registry and platformDid), every anchor the platform DID wrote on chain is checked;
   * without one, only the anchor rows are, against the roots they record (the database trusting itself).
   */
  provider?: JsonRpcProvider
  registry?: string
  platformDid?: string
  /** First block to search for anchors: the registry's deployment block if known (default 0). */
  anchorsFromBlock?: number
  pageSize?: number
}

export async function verifyAuditChain(options: VerifyAuditOptions): Promise<AuditVerification> {
  const { db } = options
  const pageSize = options.pageSize ?? 5_000
  // Listed before the head is read, so every anchor listed names only entries up to the head.
  const chain = await listChainAnchors(options)
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

  // A problem found in the chain itself already names the exact entry; anchors are checked only on an intact chain.
  const anchors = problem ? { problem, anchorsChecked: 0, anchoredThrough: 0 } : await checkAuditAnchors(db, head.seq, chain)
  return { ok: !anchors.problem, entries: count, anchorsChecked: anchors.anchorsChecked, anchoredThrough: anchors.anchoredThrough, problem: anchors.problem }
}

async function listChainAnchors(options: VerifyAuditOptions): Promise<ChainAnchors | undefined> {
  const { provider, registry, platformDid } = options
  if (!provider) return undefined
  const identity = platformDid ? didEthrAddress(platformDid) : undefined
  if (!registry || !identity) throw new Error('verifyAuditChain: a provider needs the registry and a did:ethr platformDid')
  try {
    const toBlock = await provider.getBlockNumber()
    const anchors = await listAnchors(provider, registry, identity, { fromBlock: options.anchorsFromBlock ?? 0, toBlock })
    return { provider, registry, identity, anchors }
  } catch (error) {
    // Without the anchors the log is neither verified nor shown tampered: the answer is "try again".
    throw new AppError('UNAVAILABLE', `the chain could not be read to list the audit anchors: ${error instanceof Error ? error.message : String(error)}`)
  }
}
