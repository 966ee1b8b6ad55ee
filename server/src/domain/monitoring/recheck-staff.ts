/**
 * Continuous monitoring of hired clinicians: each licence and privilege credential is verified again (status,
 * expiry, issuer trust) and its state kept; a change to SUSPENDED, REVOKED, EXPIRED or UNVERIFIABLE and each
 * crossing of the 90/60/30-day expiry thresholds is audited, which raises the organisation's alerts.
 */
import type { Db } from '../../db.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { Verifier } from '../verification/verifier.js'

export const EXPIRY_WARNING_DAYS = [90, 60, 30] as const
export type CredentialState = 'OK' | 'EXPIRING' | 'SUSPENDED' | 'REVOKED' | 'EXPIRED' | 'UNVERIFIABLE'

export interface MonitoringDeps {
  db: Db
  verifier: Verifier
}

async function stateOf(verifier: Verifier, jwt: string, now: Date): Promise<{ state: CredentialState; code?: string; expiresAt?: Date }> {
  const report = await verifier.verifyCredential(jwt, { now })
  const credential = report.credentials[0]
  const expiresAt = credential?.expirationDate ? new Date(credential.expirationDate) : undefined
  const failed = report.checks.find((c) => !c.passed)
  if (failed) {
    const state: CredentialState = failed.code === 'REVOKED' ? 'REVOKED' : failed.code === 'SUSPENDED' ? 'SUSPENDED' : failed.code === 'EXPIRED' ? 'EXPIRED' : 'UNVERIFIABLE'
    return { state, ...(failed.code ? { code: failed.code } : {}), ...(expiresAt ? { expiresAt } : {}) }
  }
  const days = expiresAt ? (expiresAt.getTime() - now.getTime()) / 86_400_000 : Infinity
  return { state: days <= EXPIRY_WARNING_DAYS[0] ? 'EXPIRING' : 'OK', ...(expiresAt ? { expiresAt } : {}) }
}

export async function recheckStaff(deps: MonitoringDeps, args: { orgId?: string; now?: Date } = {}) {
  const now = args.now ?? new Date()
  const staff = await deps.db.monitoredClinician.findMany({ where: args.orgId ? { orgId: args.orgId } : {} })
  for (const m of staff) {
    const licence = await stateOf(deps.verifier, m.licenseJwt, now)
    const privilege = m.privilegeJwt ? await stateOf(deps.verifier, m.privilegeJwt, now) : undefined
    const soonest = [licence.expiresAt, privilege?.expiresAt].filter((d): d is Date => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0]
    const daysLeft = soonest ? (soonest.getTime() - now.getTime()) / 86_400_000 : Infinity
    const threshold = [...EXPIRY_WARNING_DAYS].reverse().find((d) => daysLeft <= d)
    await deps.db.$transaction(async (tx) => {
      for (const [kind, before, after] of [
        ['licence', m.licenseState, licence],
        ['privilege', m.privilegeState, privilege],
      ] as const) {
        if (!after || after.state === before || after.state === 'OK' || after.state === 'EXPIRING') continue
        await appendAuditEntry(tx, {
          actorType: 'SYSTEM',
          actor: 'monitoring',
          orgId: m.orgId,
          action: 'monitoring.credential_check',
          subjectType: 'CLINICIAN',
          subject: m.holderDid,
          decision: 'DENIED',
          reasonCode: after.code ?? after.state,
          details: { credential: kind, state: after.state, previous: before ?? null },
          at: now,
        })
      }
      const warned = threshold !== undefined && (m.expiryWarnedDays === null || threshold < m.expiryWarnedDays)
      if (warned) {
        await appendAuditEntry(tx, {
          actorType: 'SYSTEM',
          actor: 'monitoring',
          orgId: m.orgId,
          action: 'monitoring.expiry_warning',
          subjectType: 'CLINICIAN',
          subject: m.holderDid,
          decision: 'DONE',
          reasonCode: `EXPIRES_WITHIN_${threshold}_DAYS`,
          details: { expiresAt: soonest!.toISOString(), days: Math.max(0, Math.floor(daysLeft)) },
          at: now,
        })
      }
      await tx.monitoredClinician.update({
        where: { id: m.id },
        data: {
          licenseState: licence.state,
          privilegeState: privilege?.state ?? null,
          licenseExpiresAt: licence.expiresAt ?? null,
          privilegeExpiresAt: privilege?.expiresAt ?? null,
          lastCheckedAt: now,
          ...(warned ? { expiryWarnedDays: threshold } : {}),
        },
      })
    })
  }
  return deps.db.monitoredClinician.findMany({ where: args.orgId ? { orgId: args.orgId } : {}, orderBy: { name: 'asc' } })
}
