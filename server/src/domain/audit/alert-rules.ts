/**
 * Alert rules are data (the AlertRule table); these are the defaults written once at start-up, after which
 * administrators may change thresholds, windows or disable them without a deploy (`updateAlertRule`, query-audit.ts).
 *
 * A rule watches one action pattern and decision. With threshold 1 every matching entry raises an alert; with a
 * threshold above 1 an alert is raised when one actor reaches it within the window, and then at most once per
 * rule, actor, organisation and window.
 *
 * Rules are platform-wide defaults; an organisation's own setting of a rule is stored as a row whose key is
 * `<rule key>@<organisation id>` (an override: threshold, window and enabled; the rest is the default's) and
 * applies to the alerts raised for that organisation only, so one organisation's administrators never change
 * another's alerting.
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

/**
 * Audited, once per hospital, when a clinician with an open session loses a credential of it: at the status change
 * when the credential is ours (change-credential-status.ts), else at the session's cut (recheck-did-session.ts).
 */
export const SESSION_FLAGGED_ACTION = 'clinician.session_flagged'

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
    key: 'staff.repeated_access_refusals',
    description: 'Repeated refusals of one staff account (role or CSRF)',
    action: 'staff.access',
    decision: 'DENIED',
    threshold: 5,
    windowSeconds: 600,
    severity: 'warning',
  },
  {
    key: 'clinician.repeated_sign_in_failures',
    description: 'Repeated failed clinician sign-ins from one DID or address',
    action: 'clinician.sign_in',
    decision: 'DENIED',
    threshold: 5,
    windowSeconds: 900,
    severity: 'critical',
  },
  {
    key: 'patient.repeated_sign_in_failures',
    description: 'Repeated failed patient sign-ins from one DID or address',
    action: 'patient.sign_in',
    decision: 'DENIED',
    threshold: 5,
    windowSeconds: 900,
    severity: 'critical',
  },
  {
    key: 'patient.repeated_access_denials',
    description: 'Repeated refused patient requests from one DID or address',
    action: 'patient.access',
    decision: 'DENIED',
    threshold: 5,
    windowSeconds: 600,
    severity: 'warning',
  },
  {
    key: 'credential.repeated_refusals',
    description: 'Repeated refused issuances or status changes by one caller',
    action: 'credential.*',
    decision: 'DENIED',
    threshold: 5,
    windowSeconds: 600,
    severity: 'warning',
  },
  {
    key: 'hiring.repeated_refusals',
    description: 'Repeated refused hiring operations by one caller',
    action: 'hiring.*',
    decision: 'DENIED',
    threshold: 5,
    windowSeconds: 600,
    severity: 'warning',
  },
  {
    key: 'patient.repeated_registration_refusals',
    description: 'Repeated refused patient registrations by one caller',
    action: 'patient.register',
    decision: 'DENIED',
    threshold: 5,
    windowSeconds: 600,
    severity: 'warning',
  },
  {
    key: 'license.revoked_with_active_session',
    description: 'A licence or privilege was revoked, suspended or failed its re-check for a clinician with an active records session',
    action: SESSION_FLAGGED_ACTION,
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

/**
 * Defaults that changed what they watch: a stored rule still watching the old action (administrators can change
 * thresholds, windows and enabled, never the action) is moved to the new one.
 */
const MOVED_DEFAULTS: Array<{ key: string; fromAction: string }> = [
  // Alerted on the next request's cut; now when the credential changes (or at the cut when that is first).
  { key: 'license.revoked_with_active_session', fromAction: 'clinician.session_cut' },
]

/** Separates a rule key from the organisation in an organisation's override row. */
export const OVERRIDE_SEPARATOR = '@'

export const overrideKey = (ruleKey: string, orgId: string) => `${ruleKey}${OVERRIDE_SEPARATOR}${orgId}`

/** Writes the default rules that do not exist yet; never overwrites an administrator's changes. */
export async function ensureDefaultAlertRules(db: DbTx): Promise<void> {
  for (const rule of DEFAULT_ALERT_RULES) {
    const existing = await db.alertRule.findUnique({ where: { key: rule.key } })
    if (!existing) await db.alertRule.create({ data: rule })
  }
  for (const moved of MOVED_DEFAULTS) {
    const rule = DEFAULT_ALERT_RULES.find((r) => r.key === moved.key)!
    await db.alertRule.updateMany({ where: { key: moved.key, action: moved.fromAction }, data: { action: rule.action, description: rule.description } })
  }
}

export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true
  if (pattern.endsWith('*')) return action.startsWith(pattern.slice(0, -1))
  return pattern === action
}
