/** Reading the audit trail and alerts for one organisation (auditors, privacy officers, the dashboard). */
import { z } from 'zod'
import type { Db } from '../../db.js'
import { validationError } from '../../errors.js'
import { appendAuditEntry } from './append-audit-entry.js'
import { notFound, orgScope } from '../tenant-scope.js'

export const AuditFilter = z.object({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  action: z.string().max(100).optional(),
  actor: z.string().max(300).optional(),
  subject: z.string().max(300).optional(),
  decision: z.enum(['GRANTED', 'DENIED', 'DONE']).optional(),
  /** Entries with seq below this (newest first paging). */
  beforeSeq: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
})
export type AuditFilter = z.input<typeof AuditFilter>

function auditWhere(orgId: string, f: z.infer<typeof AuditFilter>) {
  return {
    ...orgScope(orgId),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
    ...(f.action ? (f.action.endsWith('*') ? { action: { startsWith: f.action.slice(0, -1) } } : { action: f.action }) : {}),
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.subject ? { subject: f.subject } : {}),
    ...(f.decision ? { decision: f.decision } : {}),
    ...(f.beforeSeq ? { seq: { lt: f.beforeSeq } } : {}),
  }
}

export async function listAuditEntries(db: Db, args: { orgId: string; filter: AuditFilter }) {
  const parsed = AuditFilter.safeParse(args.filter)
  if (!parsed.success) throw validationError(parsed.error.issues)
  return db.auditEntry.findMany({ where: auditWhere(args.orgId, parsed.data), orderBy: { seq: 'desc' }, take: parsed.data.limit })
}

/** Entries of a period, oldest first, for export (bounded). */
export async function listAuditEntriesForExport(db: Db, args: { orgId: string; from?: Date; to?: Date; max?: number }) {
  return db.auditEntry.findMany({
    where: auditWhere(args.orgId, AuditFilter.parse({ from: args.from, to: args.to })),
    orderBy: { seq: 'asc' },
    take: args.max ?? 100_000,
  })
}

export async function listAlerts(db: Db, args: { orgId: string; unacknowledgedOnly?: boolean; limit?: number }) {
  return db.alert.findMany({
    where: { ...orgScope(args.orgId), ...(args.unacknowledgedOnly ? { acknowledgedAt: null } : {}) },
    orderBy: { createdAt: 'desc' },
    take: Math.min(args.limit ?? 100, 500),
  })
}

export async function acknowledgeAlert(db: Db, args: { orgId: string; alertId: string; accountId: string }) {
  return db.$transaction(async (tx) => {
    const alert = await tx.alert.findFirst({ where: { id: args.alertId, ...orgScope(args.orgId) } })
    if (!alert) throw notFound('Alert')
    if (alert.acknowledgedAt) return alert
    const updated = await tx.alert.update({ where: { id: alert.id }, data: { acknowledgedAt: new Date(), acknowledgedBy: args.accountId } })
    await appendAuditEntry(tx, {
      actorType: 'STAFF',
      actor: args.accountId,
      orgId: args.orgId,
      action: 'alert.acknowledge',
      subjectType: 'ALERT',
      subject: alert.id,
      decision: 'DONE',
      details: { ruleKey: alert.ruleKey, auditSeq: alert.auditSeq },
    })
    return updated
  })
}
