/**
 * A refused request that changes nothing: its audit entry (decision DENIED, the error's code as reason) is
 * written in a transaction of its own, then the error is thrown. Used by the records gate, consent and
 * break-glass for every denial that happens before the deciding transaction.
 */
import type { Db } from '../../db.js'
import type { AppError } from '../../errors.js'
import { appendAuditEntry, type AuditEvent } from '../audit/append-audit-entry.js'

export type DeniedEvent = Omit<AuditEvent, 'decision' | 'reasonCode'>

export async function auditDenial(db: Db, event: DeniedEvent, error: AppError): Promise<never> {
  await db.$transaction((tx) => appendAuditEntry(tx, { ...event, subject: event.subject?.slice(0, 300) ?? null, decision: 'DENIED', reasonCode: error.code }))
  throw error
}
