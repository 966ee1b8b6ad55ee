/**
 * Evaluates alert rules against a just-written audit entry, in the same transaction: when the entry's actor
 * has reached a rule's threshold within its window, one alert is raised for the entry's organisation
 * (at most one per rule, actor and window, so a flood of denials does not become a flood of alerts).
 */
import type { DbTx } from '../../db.js'
import { actionMatches } from './alert-rules.js'

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

/** Read before the audit head is locked, so the lock is held as briefly as possible. */
export function loadAlertRules(tx: DbTx) {
  return tx.alertRule.findMany({ where: { enabled: true } })
}

export async function raiseAlertsFor(tx: DbTx, entry: WrittenEntry, rules: AlertRuleRow[]): Promise<void> {
  for (const rule of rules) {
    if (!actionMatches(rule.action, entry.action)) continue
    if (rule.decision !== '*' && rule.decision !== entry.decision) continue
    const since = new Date(entry.at.getTime() - rule.windowSeconds * 1000)
    if (rule.threshold > 1) {
      const count = await tx.auditEntry.count({
        where: {
          actor: entry.actor,
          at: { gte: since },
          ...(rule.decision === '*' ? {} : { decision: rule.decision }),
          ...(rule.action === '*' ? {} : rule.action.endsWith('*') ? { action: { startsWith: rule.action.slice(0, -1) } } : { action: rule.action }),
        },
      })
      if (count < rule.threshold) continue
      const recent = await tx.alert.findFirst({ where: { ruleKey: rule.key, actor: entry.actor, createdAt: { gte: since } } })
      if (recent) continue
    }
    await tx.alert.create({
      data: {
        orgId: entry.orgId,
        ruleKey: rule.key,
        severity: rule.severity,
        message: `${rule.description}${entry.reasonCode ? ` (${entry.reasonCode})` : ''}`,
        actor: entry.actor,
        subject: entry.subject,
        auditSeq: entry.seq,
        createdAt: entry.at,
      },
    })
  }
}
