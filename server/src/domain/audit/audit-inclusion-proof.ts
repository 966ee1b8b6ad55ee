/**
 * Inclusion proofs: everything needed to show that one audit entry is in the log, checked against the root
 * anchored on chain, without the rest of the log. `verifyAuditInclusionProof` needs only the proof and a
 * JSON-RPC provider of the same chain.
 */
import type { JsonRpcProvider } from 'ethers'
import { readAnchorFromTx } from '../../chain/did-attribute-anchor.js'
import type { Db } from '../../db.js'
import { AppError } from '../../errors.js'
import { computeAuditEntryHash, type HashableAuditEntry } from './audit-hash.js'
import { merkleProver, verifyInclusion } from './merkle.js'
import { rangeHashes } from './query-audit.js'

export interface AuditInclusionProof {
  entry: Omit<HashableAuditEntry, 'at'> & { at: string; hash: string }
  anchor: { fromSeq: number; toSeq: number; root: string; chainId: number; registry: string; anchoredBy: string; txHash: string; blockNumber: number }
  leafIndex: number
  treeSize: number
  path: string[]
}

export type AnchorRow = { fromSeq: number; toSeq: number; root: string; chainId: number; txHash: string | null; blockNumber: number | null }
type EntryRow = Omit<HashableAuditEntry, 'at'> & { at: Date; hash: string }
export type ChainRef = { chainId: number; registry: string; platformAddress: string }

/** An entry as it appears in a proof or an export (its time as ISO text). */
export function toProofEntry(entry: EntryRow): AuditInclusionProof['entry'] {
  const { seq, at, actorType, actor, orgId, action, subjectType, subject, decision, reasonCode, details, prevHash, hash } = entry
  return { seq, at: at.toISOString(), actorType, actor, orgId, action, subjectType, subject, decision, reasonCode, details, prevHash, hash }
}

/**
 * Proofs for entries of one confirmed anchored range: the range's leaves are read once and its tree built once,
 * then each entry's proof is cheap.
 */
export async function anchorProver(db: Db, anchor: AnchorRow, chain: ChainRef): Promise<(entry: EntryRow) => AuditInclusionProof> {
  if (!anchor.txHash || anchor.blockNumber === null) throw new AppError('CONFLICT', 'anchor is not confirmed')
  const hashes = await rangeHashes(db, anchor.fromSeq, anchor.toSeq)
  const prove = merkleProver(hashes)
  const anchorRef = {
    fromSeq: anchor.fromSeq,
    toSeq: anchor.toSeq,
    root: anchor.root,
    chainId: anchor.chainId,
    registry: chain.registry,
    anchoredBy: chain.platformAddress,
    txHash: anchor.txHash,
    blockNumber: anchor.blockNumber,
  }
  return (entry) => ({ entry: toProofEntry(entry), anchor: anchorRef, leafIndex: entry.seq - anchor.fromSeq, treeSize: hashes.length, path: prove(entry.seq - anchor.fromSeq) })
}

export async function buildAuditInclusionProof(db: Db, seq: number, chain: ChainRef): Promise<AuditInclusionProof> {
  const entry = await db.auditEntry.findUnique({ where: { seq } })
  if (!entry) throw new AppError('NOT_FOUND', `audit entry ${seq} not found`)
  const anchor = await db.auditAnchor.findFirst({ where: { status: 'CONFIRMED', fromSeq: { lte: seq }, toSeq: { gte: seq } } })
  if (!anchor) throw new AppError('CONFLICT', `audit entry ${seq} is not anchored yet`)
  return (await anchorProver(db, anchor, chain))(entry)
}

export interface InclusionCheck {
  valid: boolean
  reason?: string
}

export async function verifyAuditInclusionProof(proof: AuditInclusionProof, provider: JsonRpcProvider): Promise<InclusionCheck> {
  const entry = { ...proof.entry, at: new Date(proof.entry.at) }
  if (computeAuditEntryHash(entry) !== proof.entry.hash) return { valid: false, reason: 'entry does not match its hash' }
  if (!verifyInclusion(proof.entry.hash, proof.leafIndex, proof.treeSize, proof.path, proof.anchor.root)) return { valid: false, reason: 'path does not lead to the anchored root' }
  const onChain = await readAnchorFromTx(provider, proof.anchor.registry, proof.anchor.anchoredBy, proof.anchor.txHash)
  if (!onChain) return { valid: false, reason: 'anchor transaction not found on chain' }
  if (onChain.root !== proof.anchor.root || onChain.fromSeq !== proof.anchor.fromSeq || onChain.toSeq !== proof.anchor.toSeq) {
    return { valid: false, reason: 'root on chain differs from the proof' }
  }
  if (proof.entry.seq !== proof.anchor.fromSeq + proof.leafIndex) return { valid: false, reason: 'leaf index does not match the entry sequence' }
  return { valid: true }
}
