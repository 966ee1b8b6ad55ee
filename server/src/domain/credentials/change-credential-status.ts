/**
 * Suspend, reinstate or revoke a credential the organisation issued, with a reason. Revocation is final.
 * The change, its history event, the status list version bump (so the next GET /status publishes it) and
 * the audit entry commit together; a concurrent change to the same credential makes this one fail cleanly.
 * A refused change (bad input, another organisation's or an unknown credential, a role that may not, a
 * transition that is not allowed) changes nothing and leaves one DENIED audit entry with its code.
 * A suspension or revocation of a credential some clinician's open session was opened with tells each hospital
 * concerned, in the same transaction (one alert per hospital); the session is cut by its next request.
 */
import { z } from 'zod'
import type { Db, DbTx } from '../../db.js'
import { AppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { auditRefusal } from '../audit-refusal.js'
import { flagSessionsOfCredential } from '../did-sessions/recheck-did-session.js'
import { assertMayChangeStatus, callerActor, type OrgCaller } from './issuer-permissions.js'
import { notFound, orgScope } from '../tenant-scope.js'

export const StatusAction = z.enum(['suspend', 'reinstate', 'revoke'])
export type StatusAction = z.infer<typeof StatusAction>

export const ChangeStatusInput = z.object({
  credentialId: z.string().min(1).max(200),
  action: StatusAction,
  reason: z.string().trim().min(3, 'a reason is required').max(500),
})

const TRANSITIONS: Record<StatusAction, { from: string[]; to: string; event: string }> = {
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED', event: 'SUSPENDED' },
  reinstate: { from: ['SUSPENDED'], to: 'ACTIVE', event: 'REINSTATED' },
  revoke: { from: ['ACTIVE', 'SUSPENDED'], to: 'REVOKED', event: 'REVOKED' },
}

export async function changeCredentialStatus(
  db: Db,
  args: { caller: OrgCaller; input: z.input<typeof ChangeStatusInput>; now?: Date },
) {
  const actor = callerActor(args.caller)
  const orgId = args.caller.orgId
  const now = args.now ?? new Date()
  let seen: { type: string; status: string } | undefined
  try {
    const parsed = ChangeStatusInput.safeParse(args.input)
    if (!parsed.success) throw validationError(parsed.error.issues)
    const { credentialId, action, reason } = parsed.data
    return await db.$transaction(async (tx) => {
      const credential = await tx.issuedCredential.findFirst({ where: { id: credentialId, ...orgScope(orgId) } })
      if (!credential) throw notFound('Credential')
      seen = { type: credential.type, status: credential.status }
      assertMayChangeStatus(args.caller, credential.type)
      return applyStatusChange(tx, { credential, action, reason, actor, orgId, now })
    })
  } catch (error) {
    const input = (args.input ?? {}) as { credentialId?: unknown; action?: unknown }
    const action = StatusAction.safeParse(input.action)
    return auditRefusal(db, error, {
      ...actor,
      orgId,
      action: action.success ? `credential.${action.data}` : 'credential.change_status',
      subjectType: 'CREDENTIAL',
      subject: typeof input.credentialId === 'string' ? input.credentialId : null,
      details: seen ? { type: seen.type, from: seen.status } : {},
      at: now,
    })
  }
}

/**
 * One status transition inside the caller's transaction: the conditional update, the status list version
 * bump, the history event and the audit entry. Throws CONFLICT when the transition is not allowed from the
 * credential's status or the credential changed concurrently. Also used to withdraw a credential whose
 * surrounding operation (a hire, a registration) did not complete.
 */
export async function applyStatusChange<C extends { id: string; type: string; subjectDid: string; status: string; statusGroupId: string }>(
  tx: DbTx,
  args: {
    credential: C
    action: StatusAction
    reason: string
    actor: AuditActor
    orgId: string
    now: Date
    /** A code for the audit entry when the change is the system's own (e.g. `HIRE_NOT_COMPLETED`). */
    reasonCode?: string
  },
) {
  const { credential, action, reason, now } = args
  const rule = TRANSITIONS[action]
  if (!rule.from.includes(credential.status)) {
    throw new AppError(
      'CONFLICT',
      credential.status === 'REVOKED' ? 'This credential is revoked; revocation is final' : `Cannot ${action} a credential that is ${credential.status.toLowerCase()}`,
    )
  }
  const { count } = await tx.issuedCredential.updateMany({
    where: { id: credential.id, status: credential.status },
    data: { status: rule.to, statusReason: reason, ...(rule.to === 'REVOKED' ? { currentKey: null } : {}) },
  })
  if (count === 0) throw new AppError('CONFLICT', 'The credential changed concurrently; reload and try again')
  await tx.statusListGroup.update({ where: { id: credential.statusGroupId }, data: { version: { increment: 1 } } })
  await tx.credentialStatusEvent.create({ data: { credentialId: credential.id, action: rule.event, reason, actor: args.actor.actor, at: now } })
  await appendAuditEntry(tx, {
    ...args.actor,
    orgId: args.orgId,
    action: `credential.${action}`,
    subjectType: 'CREDENTIAL',
    subject: credential.id,
    decision: 'DONE',
    ...(args.reasonCode ? { reasonCode: args.reasonCode } : {}),
    details: { type: credential.type, subjectDid: credential.subjectDid, from: credential.status, to: rule.to },
    at: now,
  })
  if (rule.to === 'REVOKED' || rule.to === 'SUSPENDED') await flagSessionsOfCredential(tx, { credential, code: rule.to, now })
  return { ...credential, status: rule.to, statusReason: reason }
}
