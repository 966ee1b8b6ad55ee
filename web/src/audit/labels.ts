/** Audit actions, decisions and alert rules in words; unknown codes fall back to a readable form of the code. */
import type { BadgeTone } from '../components/badge.tsx'

const ACTIONS: Record<string, string> = {
  'staff.login': 'Staff sign-in',
  'staff.logout': 'Staff sign-out',
  'credential.issue': 'Credential issued',
  'credential.suspend': 'Credential suspended',
  'credential.reinstate': 'Credential reinstated',
  'credential.revoke': 'Credential revoked',
  suspend: 'Credential suspended',
  reinstate: 'Credential reinstated',
  revoke: 'Credential revoked',
  'license.import_started': 'Licence import started',
  'license.import_resumed': 'Licence import resumed',
  'license.import_finished': 'Licence import finished',
  'verification.credential': 'Credential verified',
  'verification.presentation': 'Presentation verified',
  'hiring.request': 'Credentials requested',
  'hiring.hire': 'Candidate hired',
  'hiring.reject': 'Application closed',
  'holder.pickup': 'Wallet picked up credentials',
  'monitoring.credential_check': 'Staff credential re-checked',
  'monitoring.expiry_warning': 'Expiry warning',
  'records.read': 'Records read',
  'records.write': 'Record added or updated',
  'records.erase': 'Records erased',
  'records.access': 'Records access',
  'patient.sign_in': 'Patient signed in',
  'patient.sign_out': 'Patient signed out',
  'patient.session_cut': 'Patient session ended',
  'records.break_glass': 'Emergency (break-glass) access',
  'records.denied': 'Records access denied',
  'consent.grant': 'Consent granted',
  'consent.revoke': 'Consent revoked',
  'patient.register': 'Patient registered',
  'patient.erase': 'Patient data erased',
  'clinician.session_cut': 'Clinician session ended',
  'clinician.sign_in': 'Clinician signed in',
  'clinician.sign_out': 'Clinician signed out',
  'alert.acknowledge': 'Alert acknowledged',
  'apitoken.create': 'API token created',
  'apitoken.revoke': 'API token revoked',
  'audit.anchor': 'Audit log anchored on chain',
  'organization.key_rotate': 'Signing key rotated',
  'policy.save': 'Presentation policy saved',
}

export function actionLabel(action: string): string {
  return ACTIONS[action] ?? humanize(action)
}

export const ACTION_OPTIONS = Object.entries(ACTIONS)
  .filter(([value]) => value.includes('.'))
  .map(([value, label]) => ({ value, label }))
  .sort((a, b) => a.label.localeCompare(b.label))

const DECISIONS: Record<string, { label: string; tone: BadgeTone }> = {
  GRANTED: { label: 'Granted', tone: 'success' },
  DENIED: { label: 'Denied', tone: 'danger' },
  DONE: { label: 'Done', tone: 'neutral' },
}

export function decisionLabel(decision: string): string {
  return DECISIONS[decision]?.label ?? humanize(decision)
}

export function decisionTone(decision: string): BadgeTone {
  return DECISIONS[decision]?.tone ?? 'neutral'
}

export const DECISION_OPTIONS = Object.entries(DECISIONS).map(([value, { label }]) => ({ value, label }))

const ALERT_RULES: Record<string, string> = {
  'records.denied': 'Records access denied',
  'records.break_glass': 'Break-glass access',
  'verification.repeated_failures': 'Repeated failed verifications',
  'staff.repeated_login_failures': 'Repeated failed sign-ins',
  'license.revoked_with_active_session': 'Revoked licence with an active session',
  'monitoring.credential_problem': 'Staff credential problem',
  'monitoring.expiring': 'Staff credential expiring',
}

export function alertRuleLabel(key: string): string {
  return ALERT_RULES[key] ?? humanize(key)
}

export function severityTone(severity: string): BadgeTone {
  const s = severity.toLowerCase()
  if (s === 'critical' || s === 'high') return 'danger'
  if (s === 'medium' || s === 'warning') return 'warning'
  return 'info'
}

function humanize(code: string): string {
  const words = code.replace(/[._]/g, ' ').toLowerCase().trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
