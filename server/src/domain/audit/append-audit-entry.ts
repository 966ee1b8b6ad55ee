/**
 * Appends one entry to the audit chain inside the caller's transaction, so the entry and the decision it
 * records commit (or roll back) together. Every writer first bumps the single AuditHead row: on PostgreSQL
 * that row lock queues concurrent writers from all instances, so sequence numbers have no gaps and hashes
 * no forks; on SQLite the write transaction is already exclusive.
 */
import { canonicalJson } from '../../canonical-json.js'
import { z } from 'zod'
import type { DbTx } from '../../db.js'
import { computeAuditEntryHash } from './audit-hash.js'
import { loadAlertRules, raiseAlertsFor } from './raise-alerts.js'

export const AuditActorType = z.enum(['STAFF', 'DID', 'SYSTEM', 'ANONYMOUS'])
export const AuditDecision = z.enum(['GRANTED', 'DENIED', 'DONE'])

/**
 * Identifiers often come from what a caller sent (a credential id, a guessed patient id): they are cut to a
 * bounded length rather than refused, so an oversized identifier is still recorded and never turns a decision
 * into an error.
 */
const identifier = (max: number) => z.string().transform((s) => s.slice(0, max))

/** Details are identifiers and codes only: never record content, names or other personal data. */
const DetailValue = z.union([identifier(500), z.number(), z.boolean(), z.null(), z.array(identifier(200)).transform((a) => a.slice(0, 50))])

export const AuditEvent = z.object({
  actorType: AuditActorType,
  actor: identifier(300).pipe(z.string().min(1)),
  orgId: z.string().nullish(),
  action: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/, 'action must look like area.verb'),
  subjectType: z.string().max(40).nullish(),
  subject: identifier(300).nullish(),
  decision: AuditDecision,
  reasonCode: z.string().max(60).nullish(),
  details: z.record(z.string(), DetailValue).optional(),
  at: z.date().optional(),
})
export type AuditEvent = z.input<typeof AuditEvent>

export async function appendAuditEntry(tx: DbTx, event: AuditEvent) {
  const e = AuditEvent.parse(event)
  const rules = await loadAlertRules(tx)
  const head = await tx.auditHead.update({ where: { id: 1 }, data: { seq: { increment: 1 } } })
  const entry = {
    seq: head.seq,
    at: e.at ?? new Date(),
    actorType: e.actorType,
    actor: e.actor,
    orgId: e.orgId ?? null,
    action: e.action,
    subjectType: e.subjectType ?? null,
    subject: e.subject ?? null,
    decision: e.decision,
    reasonCode: e.reasonCode ?? null,
    details: canonicalJson(e.details ?? {}),
    prevHash: head.lastHash,
  }
  const hash = computeAuditEntryHash(entry)
  const created = await tx.auditEntry.create({ data: { ...entry, hash } })
  await tx.auditHead.update({ where: { id: 1 }, data: { lastHash: hash } })
  await raiseAlertsFor(tx, created, rules)
  return created
}

/**
 * Appends several entries in the caller's transaction (a batch of issuances) as appendAuditEntry would one by
 * one, with the same sequence numbers and hashes: one head bump for all of them, one insert, rules read once.
 */
export async function appendAuditEntries(tx: DbTx, events: AuditEvent[]) {
  if (events.length === 0) return []
  const parsed = events.map((event) => AuditEvent.parse(event))
  const rules = await loadAlertRules(tx)
  const head = await tx.auditHead.update({ where: { id: 1 }, data: { seq: { increment: parsed.length } } })
  let prevHash = head.lastHash
  const firstSeq = head.seq - parsed.length + 1
  const entries = parsed.map((e, i) => {
    const entry = {
      seq: firstSeq + i,
      at: e.at ?? new Date(),
      actorType: e.actorType,
      actor: e.actor,
      orgId: e.orgId ?? null,
      action: e.action,
      subjectType: e.subjectType ?? null,
      subject: e.subject ?? null,
      decision: e.decision,
      reasonCode: e.reasonCode ?? null,
      details: canonicalJson(e.details ?? {}),
      prevHash,
    }
    prevHash = computeAuditEntryHash(entry)
    return { ...entry, hash: prevHash }
  })
  await tx.auditEntry.createMany({ data: entries })
  await tx.auditHead.update({ where: { id: 1 }, data: { lastHash: prevHash } })
  for (const entry of entries) await raiseAlertsFor(tx, entry, rules)
  return entries
}
