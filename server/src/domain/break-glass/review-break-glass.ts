/** The privacy officer's review of break-glass uses: the hospital's list (pending first) and marking one reviewed. */
import type { Db } from '../../db.js'
import { AppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import { notFound, orgScope } from '../tenant-scope.js'
import { ReviewNote } from './break-glass-policy.js'

export async function listBreakGlassUses(db: Db, args: { orgId: string; pendingOnly?: boolean; limit?: number }) {
  return db.breakGlassAccess.findMany({
    where: { ...orgScope(args.orgId), ...(args.pendingOnly ? { reviewedAt: null } : {}) },
    orderBy: { openedAt: 'desc' },
    take: Math.min(Math.max(args.limit ?? 100, 1), 500),
  })
}

export async function reviewBreakGlass(db: Db, args: { orgId: string; accountId: string; id: string; note: unknown; now?: Date }) {
  const now = args.now ?? new Date()
  const note = ReviewNote.safeParse(args.note)
  if (!note.success) throw validationError(note.error.issues.map((i) => ({ ...i, path: ['note'] })))
  return db.$transaction(async (tx) => {
    const use = typeof args.id === 'string' && args.id.length <= 100 ? await tx.breakGlassAccess.findFirst({ where: { id: args.id, ...orgScope(args.orgId) } }) : null
    if (!use) throw notFound('Break-glass use')
    const { count } = await tx.breakGlassAccess.updateMany({ where: { id: use.id, reviewedAt: null }, data: { reviewedAt: now, reviewedBy: args.accountId, reviewNote: note.data } })
    if (count !== 1) throw new AppError('CONFLICT', 'This break-glass use was already reviewed')
    await appendAuditEntry(tx, {
      actorType: 'STAFF',
      actor: args.accountId,
      orgId: args.orgId,
      action: 'records.break_glass_review',
      subjectType: 'BREAK_GLASS',
      subject: use.id,
      decision: 'DONE',
      details: { patientId: use.patientId, clinician: use.clinicianDid },
      at: now,
    })
    return { ...use, reviewedAt: now, reviewedBy: args.accountId, reviewNote: note.data }
  })
}
