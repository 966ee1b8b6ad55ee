/** Ends a clinician's or patient's own session (sign-out), audited. */
import type { Db } from '../../db.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import { endDidSession } from './did-session-store.js'

export async function signOutDidSession(db: Db, args: { sessionId: string; did: string; orgId: string; action: 'clinician.sign_out' | 'patient.sign_out'; now?: Date }): Promise<void> {
  const now = args.now ?? new Date()
  await db.$transaction(async (tx) => {
    await endDidSession(tx, { sessionId: args.sessionId, reason: 'SIGNED_OUT', now })
    await appendAuditEntry(tx, { actorType: 'DID', actor: args.did, orgId: args.orgId, action: args.action, subjectType: 'SESSION', subject: args.sessionId, decision: 'DONE', at: now })
  })
}
