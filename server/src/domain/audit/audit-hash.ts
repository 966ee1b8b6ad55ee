/**
 * The audit chain's hashing rule: SHA-256 over the RFC 8785 canonical JSON of every field of an entry but
 * its own hash. `prevHash` of entry n is the hash of entry n-1; entry 1 links to GENESIS_HASH.
 */
import crypto from 'node:crypto'
import { canonicalJson } from '../../canonical-json.js'

export const GENESIS_HASH = '0'.repeat(64)

export interface HashableAuditEntry {
  seq: number
  at: Date
  actorType: string
  actor: string
  orgId: string | null
  action: string
  subjectType: string | null
  subject: string | null
  decision: string
  reasonCode: string | null
  details: string
  prevHash: string
}

export function computeAuditEntryHash(entry: HashableAuditEntry): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    at: entry.at.toISOString(),
    actorType: entry.actorType,
    actor: entry.actor,
    orgId: entry.orgId,
    action: entry.action,
    subjectType: entry.subjectType,
    subject: entry.subject,
    decision: entry.decision,
    reasonCode: entry.reasonCode,
    details: entry.details,
    prevHash: entry.prevHash,
  })
  return crypto.createHash('sha256').update(canonical).digest('hex')
}
