/** The audit log, its verification, and alerts. */
import { defineOperation } from './client.ts'
import type { AlertItem, AuditEntry, AuditFilterInput, AuditVerification, BreakGlassUse } from './types.ts'

export const AUDIT_ENTRIES_QUERY = defineOperation<{ auditEntries: AuditEntry[] }, { filter: AuditFilterInput }>(
  'AuditEntries',
  /* GraphQL */ `
    query AuditEntries($filter: AuditFilterInput) {
      auditEntries(filter: $filter) { seq at actorType actor action subjectType subject decision reasonCode details }
    }
  `,
)

export const AUDIT_VERIFICATION_QUERY = defineOperation<{ auditVerification: AuditVerification }>(
  'AuditVerification',
  /* GraphQL */ `
    query AuditVerification { auditVerification { ok entries anchorsChecked anchoredThrough problem { kind seq message } } }
  `,
)

export const ALERTS_QUERY = defineOperation<{ alerts: AlertItem[] }, { unacknowledgedOnly: boolean; limit?: number }>(
  'Alerts',
  /* GraphQL */ `
    query Alerts($unacknowledgedOnly: Boolean, $limit: Int) {
      alerts(unacknowledgedOnly: $unacknowledgedOnly, limit: $limit) { id ruleKey severity message actor subject auditSeq createdAt acknowledgedAt }
    }
  `,
)

export const ACKNOWLEDGE_ALERT_MUTATION = defineOperation<{ acknowledgeAlert: AlertItem }, { id: string }>(
  'AcknowledgeAlert',
  /* GraphQL */ `
    mutation AcknowledgeAlert($id: ID!) { acknowledgeAlert(id: $id) { id ruleKey severity message actor subject auditSeq createdAt acknowledgedAt } }
  `,
)

/** The export download (auditors and privacy officers; the staff cookie authenticates it). */
export function auditExportUrl(format: 'csv' | 'json', range: { from?: string; to?: string }): string {
  const query = new URLSearchParams({ format })
  if (range.from) query.set('from', range.from)
  if (range.to) query.set('to', range.to)
  return `/audit/export?${query.toString()}`
}

const BREAK_GLASS_FIELDS = 'id patientId clinicianDid clinicianName reason categories openedAt expiresAt reviewedAt reviewedBy reviewNote'

export const BREAK_GLASS_USES_QUERY = defineOperation<{ breakGlassUses: BreakGlassUse[] }, { pendingOnly: boolean }>(
  'BreakGlassUses',
  /* GraphQL */ `query BreakGlassUses($pendingOnly: Boolean) { breakGlassUses(pendingOnly: $pendingOnly, limit: 100) { ${BREAK_GLASS_FIELDS} } }`,
)

export const REVIEW_BREAK_GLASS_MUTATION = defineOperation<{ reviewBreakGlass: BreakGlassUse }, { id: string; note: string }>(
  'ReviewBreakGlass',
  /* GraphQL */ `mutation ReviewBreakGlass($id: ID!, $note: String!) { reviewBreakGlass(id: $id, note: $note) { ${BREAK_GLASS_FIELDS} } }`,
)
