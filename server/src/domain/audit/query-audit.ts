/**
 * Reading the audit trail and alerts for one organisation (auditors, privacy officers, the dashboard), and an
 * organisation's settings of the alert rules.
 */
import { z } from 'zod'
import type { Db } from '../../db.js'
import { AppError, validationError } from '../../errors.js'
import type { StaffRole } from '../accounts/roles.js'
import { auditRefusal } from '../audit-refusal.js'
import { appendAuditEntry } from './append-audit-entry.js'
import { OVERRIDE_SEPARATOR, overrideKey } from './alert-rules.js'
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

/** The entry hashes of seq fromSeq..toSeq, in order (the leaves of an anchor's Merkle tree). */
export async function rangeHashes(db: Db, fromSeq: number, toSeq: number): Promise<string[]> {
  return (await db.auditEntry.findMany({ where: { seq: { gte: fromSeq, lte: toSeq } }, orderBy: { seq: 'asc' }, select: { hash: true } })).map((e) => e.hash)
}

export interface ExportPeriod {
  orgId: string
  from?: Date
  to?: Date
  /** Entries read per query (default 1,000). */
  pageSize?: number
}

/**
 * A period's entries fixed when the export starts: the where clause and the last sequence number written then,
 * so entries appended while the export runs are not half in it.
 */
export async function exportSnapshot(db: Db, args: ExportPeriod) {
  const where = auditWhere(args.orgId, AuditFilter.parse({ from: args.from, to: args.to }))
  const head = await db.auditHead.findUnique({ where: { id: 1 } })
  const throughSeq = head?.seq ?? 0
  return { where: { ...where, seq: { lte: throughSeq } }, throughSeq }
}

/** Every entry of the period, oldest first, page by page (by sequence number): never cut. */
export async function* pageAuditEntriesForExport(db: Db, snapshot: Awaited<ReturnType<typeof exportSnapshot>>, pageSize = 1000) {
  let afterSeq = 0
  for (;;) {
    const page = await db.auditEntry.findMany({ where: { ...snapshot.where, seq: { gt: afterSeq, lte: snapshot.throughSeq } }, orderBy: { seq: 'asc' }, take: pageSize })
    if (page.length === 0) return
    yield page
    afterSeq = page[page.length - 1]!.seq
    if (page.length < pageSize) return
  }
}

/** Who is asking for alerts: their organisation and roles. */
export interface AlertViewer {
  orgId: string
  roles: readonly StaffRole[]
}

/**
 * The organisations whose alerts a viewer sees: their own; and platform-level alerts (held by the PLATFORM
 * organisation, about entries of no organisation) for the PLATFORM organisation's staff and trust administrators.
 */
export function alertOrgIds(viewer: AlertViewer, platformOrgId: string | null | undefined): string[] {
  const own = orgScope(viewer.orgId).orgId
  return platformOrgId && platformOrgId !== own && viewer.roles.includes('TRUST_ADMIN') ? [own, platformOrgId] : [own]
}

export async function listAlerts(db: Db, args: { viewer: AlertViewer; platformOrgId?: string | null; unacknowledgedOnly?: boolean; limit?: number }) {
  return db.alert.findMany({
    where: { orgId: { in: alertOrgIds(args.viewer, args.platformOrgId) }, ...(args.unacknowledgedOnly ? { acknowledgedAt: null } : {}) },
    orderBy: { createdAt: 'desc' },
    take: Math.min(args.limit ?? 100, 500),
  })
}

export async function acknowledgeAlert(db: Db, args: { viewer: AlertViewer; platformOrgId?: string | null; alertId: string; accountId: string }) {
  return db.$transaction(async (tx) => {
    const alert = await tx.alert.findFirst({ where: { id: args.alertId, orgId: { in: alertOrgIds(args.viewer, args.platformOrgId) } } })
    if (!alert) throw notFound('Alert')
    if (alert.acknowledgedAt) return alert
    const updated = await tx.alert.update({ where: { id: alert.id }, data: { acknowledgedAt: new Date(), acknowledgedBy: args.accountId } })
    await appendAuditEntry(tx, {
      actorType: 'STAFF',
      actor: args.accountId,
      orgId: args.viewer.orgId,
      action: 'alert.acknowledge',
      subjectType: 'ALERT',
      subject: alert.id,
      decision: 'DONE',
      details: { ruleKey: alert.ruleKey, auditSeq: alert.auditSeq, ...(alert.orgId !== args.viewer.orgId ? { alertOrgId: alert.orgId } : {}) },
    })
    return updated
  })
}

/** An alert rule as it applies to one organisation: the platform default, or the organisation's own setting. */
export interface EffectiveAlertRule {
  key: string
  description: string
  action: string
  decision: string
  severity: string
  threshold: number
  windowSeconds: number
  enabled: boolean
  /** The organisation changed it (threshold, window or enabled). */
  customized: boolean
  updatedAt: Date
}

export async function listAlertRules(db: Db, args: { orgId: string }): Promise<EffectiveAlertRule[]> {
  const orgId = orgScope(args.orgId).orgId
  const rows = await db.alertRule.findMany({ where: { OR: [{ NOT: { key: { contains: OVERRIDE_SEPARATOR } } }, { key: { endsWith: `${OVERRIDE_SEPARATOR}${orgId}` } }] }, orderBy: { key: 'asc' } })
  const own = new Map(rows.filter((r) => r.key.includes(OVERRIDE_SEPARATOR)).map((r) => [r.key, r]))
  return rows
    .filter((r) => !r.key.includes(OVERRIDE_SEPARATOR))
    .map((base) => {
      const o = own.get(overrideKey(base.key, orgId))
      const { threshold, windowSeconds, enabled, updatedAt } = o ?? base
      return { key: base.key, description: base.description, action: base.action, decision: base.decision, severity: base.severity, threshold, windowSeconds, enabled, customized: Boolean(o), updatedAt }
    })
}

/** Bounds of a rule's window: one second to one week. */
export const ALERT_WINDOW_SECONDS = { min: 1, max: 7 * 86_400 } as const

export const UpdateAlertRuleInput = z
  .object({
    key: z.string().min(1).max(100).refine((k) => !k.includes(OVERRIDE_SEPARATOR), 'is not a rule key'),
    threshold: z.number().int().min(1, 'must be at least 1').max(10_000).optional(),
    windowSeconds: z.number().int().min(ALERT_WINDOW_SECONDS.min, `must be at least ${ALERT_WINDOW_SECONDS.min}`).max(ALERT_WINDOW_SECONDS.max, `must be at most ${ALERT_WINDOW_SECONDS.max} (one week)`).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()

/**
 * Sets the organisation's own threshold, window or enabled flag of a rule (the alerts raised for it follow;
 * other organisations keep theirs). One audit entry (`alert.rule_update`) with the values before and after;
 * a refusal changes nothing and leaves one DENIED entry.
 */
export async function updateAlertRule(db: Db, args: { orgId: string; accountId: string; input: z.input<typeof UpdateAlertRuleInput> }): Promise<EffectiveAlertRule> {
  const orgId = orgScope(args.orgId).orgId
  const key = typeof args.input?.key === 'string' ? args.input.key : null
  try {
    const parsed = UpdateAlertRuleInput.safeParse(args.input)
    if (!parsed.success) throw validationError(parsed.error.issues)
    const { threshold, windowSeconds, enabled } = parsed.data
    if (threshold === undefined && windowSeconds === undefined && enabled === undefined) {
      throw new AppError('VALIDATION_FAILED', 'Nothing to change: give a threshold, a window or enabled', { fields: [{ field: '(input)', message: 'nothing to change' }] })
    }
    return await db.$transaction(async (tx) => {
      const base = await tx.alertRule.findUnique({ where: { key: parsed.data.key } })
      if (!base) throw notFound('Alert rule')
      const id = overrideKey(base.key, orgId)
      const before = (await tx.alertRule.findUnique({ where: { key: id } })) ?? base
      const after = { threshold: threshold ?? before.threshold, windowSeconds: windowSeconds ?? before.windowSeconds, enabled: enabled ?? before.enabled }
      const copied = { description: base.description, action: base.action, decision: base.decision, severity: base.severity }
      const saved = await tx.alertRule.upsert({ where: { key: id }, create: { ...copied, key: id, ...after }, update: after })
      await appendAuditEntry(tx, {
        actorType: 'STAFF',
        actor: args.accountId,
        orgId,
        action: 'alert.rule_update',
        subjectType: 'ALERT_RULE',
        subject: base.key,
        decision: 'DONE',
        details: {
          threshold: after.threshold,
          windowSeconds: after.windowSeconds,
          enabled: after.enabled,
          fromThreshold: before.threshold,
          fromWindowSeconds: before.windowSeconds,
          fromEnabled: before.enabled,
        },
      })
      return { key: base.key, description: base.description, action: base.action, decision: base.decision, severity: base.severity, ...after, customized: true, updatedAt: saved.updatedAt }
    })
  } catch (error) {
    return auditRefusal(db, error, { actorType: 'STAFF', actor: args.accountId, orgId, action: 'alert.rule_update', subjectType: 'ALERT_RULE', subject: key })
  }
}
