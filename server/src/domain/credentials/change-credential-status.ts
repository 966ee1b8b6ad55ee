/**
 * Suspend, reinstate or revoke a credential the organisation issued, with a reason. Revocation is final.
 * The change, its history event, the status list version bump (so the next GET /status publishes it) and
 * the audit entry commit together; a concurrent change to the same credential makes this one fail cleanly.
 */
import { z } from 'zod'
import type { Db } from '../../db.js'
import { AppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
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
  const parsed = ChangeStatusInput.safeParse(args.input)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const { credentialId, action, reason } = parsed.data
  const now = args.now ?? new Date()
  const rule = TRANSITIONS[action]
  return db.$transaction(async (tx) => {
    const credential = await tx.issuedCredential.findFirst({ where: { id: credentialId, ...orgScope(orgId) } })
    if (!credential) throw notFound('Credential')
    assertMayChangeStatus(args.caller, credential.type)
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
    await tx.credentialStatusEvent.create({ data: { credentialId: credential.id, action: rule.event, reason, actor: actor.actor, at: now } })
    await appendAuditEntry(tx, {
      ...actor,
      orgId,
      action: `credential.${action}`,
      subjectType: 'CREDENTIAL',
      subject: credential.id,
      decision: 'DONE',
      details: { type: credential.type, subjectDid: credential.subjectDid, from: credential.status, to: rule.to },
      at: now,
    })
    return { ...credential, status: rule.to, statusReason: reason }
  })
}
