/**
 * Alert rules are data (the AlertRule table); these are the defaults written once at start-up, after
 * which administrators may change thresholds, windows or disable them without a deploy.
 */
import type { DbTx } from '../../db.js'

export interface AlertRuleDefinition {
  key: string
  description: string
  /** Exact action, a prefix ending in `*`, or `*`. */
  action: string
  decision: 'DENIED' | 'GRANTED' | 'DONE' | '*'
  threshold: number
  windowSeconds: number
  severity: 'info' | 'warning' | 'critical'
}

export const DEFAULT_ALERT_RULES: AlertRuleDefinition[] = [
  {
    key: 'records.denied',
    description: 'A records access attempt was denied',
    action: 'records.*',
    decision: 'DENIED',
    threshold: 1,
    windowSeconds: 60,
    severity: 'warning',
  },
  {
    key: 'records.break_glass',
    description: 'Break-glass emergency access was used and needs review',
    action: 'records.break_glass',
    decision: 'GRANTED',
    threshold: 1,
    windowSeconds: 1,
    severity: 'critical',
  },
  {
    key: 'verification.repeated_failures',
    description: 'Repeated failed verifications from one actor',
    action: 'verification.*',
    decision: 'DENIED',
    threshold: 5,
    windowSeconds: 300,
    severity: 'warning',
  },
  {
    key: 'staff.repeated_login_failures',
    description: 'Repeated failed logins for one account or address',
    action: 'staff.login',
    decision: 'DENIED',
    threshold: 5,
    windowSeconds: 900,
    severity: 'critical',
  },
  {
    key: 'license.revoked_with_active_session',
    description: 'A licence was revoked or suspended for a clinician with an active records session',
    action: 'clinician.session_cut',
    decision: 'DONE',
    threshold: 1,
    windowSeconds: 1,
    severity: 'critical',
  },
  {
    key: 'monitoring.credential_problem',
    description: 'A hired clinician\'s licence or privileges were revoked, suspended, expired or could not be verified',
    action: 'monitoring.credential_check',
    decision: 'DENIED',
    threshold: 1,
    windowSeconds: 1,
    severity: 'critical',
  },
  {
    key: 'monitoring.expiring',
    description: 'A hired clinician\'s licence or privileges expire soon',
    action: 'monitoring.expiry_warning',
    decision: 'DONE',
    threshold: 1,
    windowSeconds: 1,
    severity: 'warning',
  },
]

/** Writes the default rules that do not exist yet; never overwrites an administrator's changes. */
export async function ensureDefaultAlertRules(db: DbTx): Promise<void> {
  for (const rule of DEFAULT_ALERT_RULES) {
    const existing = await db.alertRule.findUnique({ where: { key: rule.key } })
    if (!existing) await db.alertRule.create({ data: rule })
  }
}

export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true
  if (pattern.endsWith('*')) return action.startsWith(pattern.slice(0, -1))
  return pattern === action
}
