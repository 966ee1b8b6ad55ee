/**
 * A lease on a PENDING audit anchor, so that of all the instances whose anchoring timer finds it, only one
 * sends it. Every step is a conditional update: the caller whose update matched holds the claim; the others
 * see zero rows changed and leave the anchor alone. A claim older than the lease belongs to a sender that
 * crashed or stalled and may be taken over; the new holder looks on chain for the anchor before sending it.
 */
import crypto from 'node:crypto'
import os from 'node:os'
import type { Db } from '../../db.js'

/** Longer than sending an anchor and waiting for its receipt takes; a stalled sender loses its claim after it. */
export const ANCHOR_CLAIM_LEASE_MS = 2 * 60_000

/** Names one anchoring attempt: host and process for an operator reading the row, random so no two are alike. */
export function newAnchorClaimant(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`
}

/** The fields that create a PENDING anchor already claimed by `claimant` (creating it is claiming it). */
export function claimedBy(claimant: string, now = new Date()): { claimedBy: string; claimedAt: Date } {
  return { claimedBy: claimant, claimedAt: now }
}

/** Claims a PENDING anchor if nobody holds it, or its claim has outlived the lease; false if another holds it. */
export async function claimPendingAnchor(db: Db, anchorId: string, claimant: string, now = new Date()): Promise<boolean> {
  const staleBefore = new Date(now.getTime() - ANCHOR_CLAIM_LEASE_MS)
  const { count } = await db.auditAnchor.updateMany({
    where: { id: anchorId, status: 'PENDING', OR: [{ claimedAt: null }, { claimedAt: { lt: staleBefore } }] },
    data: claimedBy(claimant, now),
  })
  return count === 1
}

/** Renews the claim just before sending: false if it was taken over meanwhile (then the new holder sends). */
export async function renewAnchorClaim(db: Db, anchorId: string, claimant: string, now = new Date()): Promise<boolean> {
  const { count } = await db.auditAnchor.updateMany({ where: { id: anchorId, status: 'PENDING', claimedBy: claimant }, data: { claimedAt: now } })
  return count === 1
}

/** Gives the claim up after a failure, so the next run retries at once instead of after the lease. */
export async function releaseAnchorClaim(db: Db, anchorId: string, claimant: string): Promise<void> {
  await db.auditAnchor.updateMany({ where: { id: anchorId, status: 'PENDING', claimedBy: claimant }, data: { claimedBy: null, claimedAt: null } })
}
