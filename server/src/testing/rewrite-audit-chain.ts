/**
 * Tampering as someone with write access to the database would do it, for tests: entries rewritten with every
 * later hash and the head recomputed, so the hash chain alone is consistent again.
 */
import type { Db } from '../db.js'
import { computeAuditEntryHash } from '../domain/audit/audit-hash.js'

/** Sets `actor` on entry `seq` and recomputes the hashes of it and every later entry, and the head. */
export async function rewriteAuditChainFrom(db: Db, seq: number, actor: string): Promise<void> {
  const entries = await db.auditEntry.findMany({ where: { seq: { gte: seq } }, orderBy: { seq: 'asc' } })
  await db.$transaction(async (tx) => {
    let prev = entries[0]!.prevHash
    for (const e of entries) {
      const changed = { ...e, actor: e.seq === seq ? actor : e.actor, prevHash: prev }
      const hash = computeAuditEntryHash(changed)
      await tx.auditEntry.update({ where: { seq: e.seq }, data: { actor: changed.actor, prevHash: prev, hash } })
      prev = hash
    }
    await tx.auditHead.update({ where: { id: 1 }, data: { lastHash: prev } })
  })
}
