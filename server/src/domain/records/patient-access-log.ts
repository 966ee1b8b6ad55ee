/**
 * What a patient sees of the access to their records: every read (by whom, when, which categories, under
 * which consent or break-glass, granted or denied with its code), every break-glass opening with its stated
 * reason, record writes and erasure. Read from the audit trail itself (the entries the decisions wrote), so the
 * log cannot disagree with the audit; names come from the clinicians' sessions and staff accounts.
 */
import type { Db } from '../../db.js'

export const ACCESS_LOG_ACTIONS = ['records.read', 'records.break_glass', 'records.write', 'records.erase'] as const

export interface AccessLogEntry {
  seq: number
  at: Date
  action: string
  decision: string
  reasonCode: string | null
  actorType: string
  actor: string
  actorName: string | null
  basis: string[]
  categories: string[]
  consentIds: string[]
  breakGlassId: string | null
  breakGlassReason: string | null
}

export async function listPatientAccessLog(db: Db, args: { patientId: string; orgId: string; limit?: number }): Promise<AccessLogEntry[]> {
  const entries = await db.auditEntry.findMany({
    where: { orgId: args.orgId, subjectType: 'PATIENT', subject: args.patientId, action: { in: [...ACCESS_LOG_ACTIONS] } },
    orderBy: { seq: 'desc' },
    take: Math.min(Math.max(args.limit ?? 100, 1), 500),
  })
  const parsed = entries.map((e) => ({ e, d: JSON.parse(e.details) as Record<string, unknown> }))
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
  const breakGlassIds = [...new Set(parsed.flatMap(({ d }) => [...strings(d.breakGlassIds), ...(typeof d.breakGlassId === 'string' ? [d.breakGlassId] : [])]))]
  const sessionIds = [...new Set(parsed.flatMap(({ d }) => (typeof d.sessionId === 'string' ? [d.sessionId] : [])))]
  const staffIds = [...new Set(parsed.filter(({ e }) => e.actorType === 'STAFF').map(({ e }) => e.actor))]
  const [windows, sessions, staff] = await Promise.all([
    db.breakGlassAccess.findMany({ where: { id: { in: breakGlassIds }, patientId: args.patientId }, select: { id: true, reason: true } }),
    db.didSession.findMany({ where: { id: { in: sessionIds }, kind: 'CLINICIAN' }, select: { id: true, name: true } }),
    db.staffAccount.findMany({ where: { id: { in: staffIds }, orgId: args.orgId }, select: { id: true, name: true } }),
  ])
  return parsed.map(({ e, d }) => {
    const breakGlassId = typeof d.breakGlassId === 'string' ? d.breakGlassId : (strings(d.breakGlassIds)[0] ?? null)
    const sessionName = typeof d.sessionId === 'string' ? sessions.find((s) => s.id === d.sessionId)?.name : undefined
    return {
      seq: e.seq,
      at: e.at,
      action: e.action,
      decision: e.decision,
      reasonCode: e.reasonCode,
      actorType: e.actorType,
      actor: e.actor,
      actorName: sessionName ?? staff.find((s) => s.id === e.actor)?.name ?? null,
      basis: e.action === 'records.break_glass' ? ['BREAK_GLASS'] : strings(d.basis),
      categories: strings(d.categories),
      consentIds: strings(d.consentIds),
      breakGlassId,
      breakGlassReason: breakGlassId ? (windows.find((w) => w.id === breakGlassId)?.reason ?? null) : null,
    }
  })
}
