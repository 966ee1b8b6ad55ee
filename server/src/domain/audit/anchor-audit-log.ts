/**
 * Anchors the audit log on chain: the Merkle root of every entry since the last anchor, in one transaction
 * from the platform DID. Safe to call from a timer on every instance and on demand:
 *  - the PENDING row is written before the transaction is sent, and its unique fromSeq stops two
 *    instances from anchoring the same range;
 *  - only the holder of the row's claim (claim-audit-anchor.ts) sends it, so an instance that finds another's
 *    anchor PENDING mid-send leaves it alone;
 *  - a PENDING anchor left by a crash or an unreachable chain is resumed once its claim is free or stale: its
 *    receipt is checked, or the chain is searched for it, before anything is sent again;
 *  - the anchor is confirmed, and its audit.anchor entry appended, only by the caller that moves it out of
 *    PENDING, so a range is recorded once.
 */
import { KmsEthereumSigner } from '@veramo/did-provider-ethr'
import type { JsonRpcProvider } from 'ethers'
import type { CredGateAgent } from '../../../../agent-config/src/create-agent.js'
import { didEthrAddress } from '../../../../agent-config/src/did-address.js'
import { findRecentAnchor, readAnchorFromTx, sendAnchor, type AnchorValue } from '../../chain/did-attribute-anchor.js'
import type { Db } from '../../db.js'
import { isUniqueViolation } from '../credentials/issue-credentials.js'
import { appendAuditEntry } from './append-audit-entry.js'
import { claimedBy, claimPendingAnchor, newAnchorClaimant, releaseAnchorClaim, renewAnchorClaim } from './claim-audit-anchor.js'
import { merkleRoot } from './merkle.js'
import { rangeHashes } from './query-audit.js'

export interface AnchorDeps {
  db: Db
  agent: CredGateAgent
  provider: JsonRpcProvider
  chain: { chainId: number; registry: string }
  platformOrg: { id: string; did: string }
}

export type AnchorOutcome =
  | { status: 'anchored'; anchorId: string; fromSeq: number; toSeq: number; root: string; txHash: string; blockNumber: number; gasUsed: string | null }
  | { status: 'nothing-to-anchor' }
  /** Another caller holds the pending anchor, claimed the range first, or recorded it first. */
  | { status: 'busy' }

/** Max entries covered by one anchor (the root covers any number; this bounds memory per run). */
export const MAX_ENTRIES_PER_ANCHOR = 200_000

export async function anchorAuditLog(deps: AnchorDeps): Promise<AnchorOutcome> {
  const claimant = newAnchorClaimant()
  const pending = await deps.db.auditAnchor.findFirst({ where: { status: 'PENDING' }, orderBy: { fromSeq: 'asc' } })
  if (pending) {
    if (!(await claimPendingAnchor(deps.db, pending.id, claimant))) return { status: 'busy' }
    // Re-read: the previous holder may have saved its transaction hash after the row was first read.
    return completeClaimedAnchor(deps, await deps.db.auditAnchor.findUniqueOrThrow({ where: { id: pending.id } }), claimant)
  }

  const last = await deps.db.auditAnchor.findFirst({ orderBy: { toSeq: 'desc' } })
  const fromSeq = (last?.toSeq ?? 0) + 1
  const head = await deps.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
  const toSeq = Math.min(head.seq, fromSeq + MAX_ENTRIES_PER_ANCHOR - 1)
  if (toSeq < fromSeq) return { status: 'nothing-to-anchor' }

  const hashes = await rangeHashes(deps.db, fromSeq, toSeq)
  if (hashes.length !== toSeq - fromSeq + 1) throw new Error(`audit entries ${fromSeq}..${toSeq} are incomplete; run audit:verify`)
  const root = merkleRoot(hashes)
  let anchor
  try {
    anchor = await deps.db.auditAnchor.create({ data: { fromSeq, toSeq, root, chainId: deps.chain.chainId, status: 'PENDING', ...claimedBy(claimant) } })
  } catch (error) {
    if (isUniqueViolation(error)) return { status: 'busy' } // another instance claimed this range first
    throw error
  }
  return completeClaimedAnchor(deps, anchor, claimant)
}

type PendingAnchor = { id: string; fromSeq: number; toSeq: number; root: string; txHash: string | null }

/** Completes an anchor this caller has claimed; gives the claim up if it does not finish, so the next run retries. */
async function completeClaimedAnchor(deps: AnchorDeps, anchor: PendingAnchor, claimant: string): Promise<AnchorOutcome> {
  let outcome: AnchorOutcome | undefined
  try {
    outcome = await completeAnchor(deps, anchor, claimant)
    return outcome
  } finally {
    if (outcome?.status !== 'anchored') await releaseAnchorClaim(deps.db, anchor.id, claimant).catch(() => undefined) // else the lease runs out
  }
}

async function completeAnchor(deps: AnchorDeps, anchor: PendingAnchor, claimant: string): Promise<AnchorOutcome> {
  const identity = didEthrAddress(deps.platformOrg.did)
  if (!identity) throw new Error('platform DID is not a did:ethr')
  const value: AnchorValue = { fromSeq: anchor.fromSeq, toSeq: anchor.toSeq, root: anchor.root }

  let onChain = anchor.txHash ? await readAnchorFromTx(deps.provider, deps.chain.registry, identity, anchor.txHash) : undefined
  // Sent by an earlier holder and still waiting to be mined: sending again would anchor twice; adopted once mined.
  if (!onChain && anchor.txHash && (await isAwaitingInclusion(deps.provider, anchor.txHash))) return { status: 'busy' }
  onChain ??= await findRecentAnchor(deps.provider, deps.chain.registry, identity, value)
  let gasUsed: bigint | null = null
  if (!onChain) {
    // Looking on chain took time: send only if the claim is still ours (else its new holder does).
    if (!(await renewAnchorClaim(deps.db, anchor.id, claimant))) return { status: 'busy' }
    const sent = await sendAnchor(await platformSigner(deps), deps.chain.registry, identity, value)
    await deps.db.auditAnchor.update({ where: { id: anchor.id }, data: { txHash: sent.txHash } })
    const receipt = await sent.wait()
    if (!receipt || receipt.status !== 1) throw new Error(`anchor transaction ${sent.txHash} failed`)
    gasUsed = receipt.gasUsed
    onChain = { ...value, identity, txHash: sent.txHash, blockNumber: receipt.blockNumber }
  }
  const confirmed = onChain
  const recorded = await deps.db.$transaction(async (tx) => {
    // Conditional: a holder whose lease ran out may reach this point after its successor; one of them records.
    const { count } = await tx.auditAnchor.updateMany({
      where: { id: anchor.id, status: 'PENDING' },
      data: { status: 'CONFIRMED', txHash: confirmed.txHash, blockNumber: confirmed.blockNumber, confirmedAt: new Date() },
    })
    if (count === 0) return false
    await appendAuditEntry(tx, {
      actorType: 'SYSTEM',
      actor: deps.platformOrg.did,
      orgId: deps.platformOrg.id,
      action: 'audit.anchor',
      subjectType: 'AUDIT_RANGE',
      subject: `${anchor.fromSeq}-${anchor.toSeq}`,
      decision: 'DONE',
      details: { root: anchor.root, txHash: confirmed.txHash, blockNumber: confirmed.blockNumber, chainId: deps.chain.chainId },
    })
    return true
  })
  if (!recorded) return { status: 'busy' }
  return {
    status: 'anchored',
    anchorId: anchor.id,
    fromSeq: anchor.fromSeq,
    toSeq: anchor.toSeq,
    root: anchor.root,
    txHash: confirmed.txHash,
    blockNumber: confirmed.blockNumber,
    gasUsed: gasUsed === null ? null : gasUsed.toString(),
  }
}

/** Whether the node knows `txHash` but has not mined it yet (a dropped or unknown transaction is not awaited). */
async function isAwaitingInclusion(provider: JsonRpcProvider, txHash: string): Promise<boolean> {
  const tx = await provider.getTransaction(txHash)
  return tx !== null && tx.blockNumber === null
}

async function platformSigner(deps: AnchorDeps): Promise<KmsEthereumSigner> {
  const identifier = await deps.agent.didManagerGet({ did: deps.platformOrg.did })
  const controllerKey = identifier.keys.find((k) => k.kid === identifier.controllerKeyId)
  if (!controllerKey) throw new Error('platform DID has no controller key in the key manager')
  return new KmsEthereumSigner(controllerKey, { agent: deps.agent } as never, deps.provider as never)
}
