/**
 * Evaluates alert rules against a just-written audit entry, in the same transaction.
 *
 * Who is told: the entry's organisation. An entry with no organisation (an anonymous verification, a failed
 * login for an unknown e-mail, a sign-in with an unknown challenge) raises a platform-level alert, held by the
 * PLATFORM organisation: its staff and trust administrators see it (query-audit.ts), other organisations do not.
 *
 * When: a rule with threshold 1 alerts on every matching entry; a rule with a higher threshold alerts when the
 * entry's actor has reached it within the window in that organisation, then at most once per rule, actor,
 * organisation and window (a flood of denials does not become a flood of alerts). An organisation's own setting
 * of a rule (threshold, window, enabled: alert-rules.ts) applies to its alerts.
 */
import type { DbTx } from '../../db.js'
import { actionMatches, OVERRIDE_SEPARATOR, overrideKey } from './alert-rules.js'

interface WrittenEntry {
  seq: number
  at: Date
  actor: string
  orgId: string | null
  action: string
  subject: string | null
  decision: string
  reasonCode: string | null
}

export type AlertRuleRow = Awaited<ReturnType<typeof loadAlertRules>>[number]

/**
 * The platform-wide rules (not organisations' overrides, enabled or not: an override may enable one). Read
 * before the audit head is locked, so the lock is held as briefly as possible.
 */
export function loadAlertRules(tx: DbTx) {
  return tx.alertRule.findMany({ where: { NOT: { key: { contains: OVERRIDE_SEPARATOR } } } })
}

/** The PLATFORM organisation, which holds alerts about entries of no organisation (null before it exists). */
export async function platformOrgId(tx: DbTx): Promise<string | null> {
  const platform = await tx.organization.findFirst({ where: { kind: 'PLATFORM' }, orderBy: { createdAt: 'asc' }, select: { id: true } })
  return platform?.id ?? null
}

export async function raiseAlertsFor(tx: DbTx, entry: WrittenEntry, rules: AlertRuleRow[]): Promise<void> {
  const matching = rules.filter((rule) => actionMatches(rule.action, entry.action) && (rule.decision === '*' || rule.decision === entry.decision))
  if (matching.length === 0) return
  const alertOrgId = entry.orgId ?? (await platformOrgId(tx))
  const overrides = alertOrgId
    ? new Map((await tx.alertRule.findMany({ where: { key: { in: matching.map((r) => overrideKey(r.key, alertOrgId)) } } })).map((o) => [o.key, o]))
    : new Map<string, AlertRuleRow>()
  for (const base of matching) {
    const own = alertOrgId ? overrides.get(overrideKey(base.key, alertOrgId)) : undefined
    const { threshold, windowSeconds, enabled } = own ?? base
    if (!enabled) continue
    const since = new Date(entry.at.getTime() - windowSeconds * 1000)
    if (threshold > 1) {
      const count = await tx.auditEntry.count({
        where: {
          actor: entry.actor,
          orgId: entry.orgId,
          at: { gte: since },
          ...(base.decision === '*' ? {} : { decision: base.decision }),
          ...(base.action === '*' ? {} : base.action.endsWith('*') ? { action: { startsWith: base.action.slice(0, -1) } } : { action: base.action }),
        },
      })
      if (count < threshold) continue
      const recent = await tx.alert.findFirst({ where: { ruleKey: base.key, actor: entry.actor, orgId: alertOrgId, createdAt: { gte: since } } })
      if (recent) continue
    }
    await tx.alert.create({
      data: {
        orgId: alertOrgId,
        ruleKey: base.key,
        severity: base.severity,
        message: `${base.description}${entry.reasonCode ? ` (${entry.reasonCode})` : ''}`,
        actor: entry.actor,
        subject: entry.subject,
        auditSeq: entry.seq,
        createdAt: entry.at,
      },
    })
  }
}
