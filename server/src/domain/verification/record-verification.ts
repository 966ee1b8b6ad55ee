/**
 * Finishes a verification as a decision: the challenge is consumed (single use across instances) and the
 * outcome, granted or denied with its first failing code, is audited, in one transaction.
 */
import type { Db, DbTx } from '../../db.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { consumeChallenge } from './challenges.js'
import { CheckFailure, fail, type VerificationReport } from './report.js'
import type { PresentationOutcome } from './verifier.js'

export interface RecordArgs {
  actor: AuditActor
  orgId?: string | null
  now?: Date
}

export function firstFailure(report: VerificationReport) {
  return report.checks.find((c) => !c.passed)
}

/** Runs inside the same transaction as the audit entry, with the final report (e.g. to move a candidate on). */
export type OnDecided = (tx: DbTx, report: VerificationReport) => Promise<void>

export async function finalizePresentation(db: Db, outcome: PresentationOutcome, args: RecordArgs, onDecided?: OnDecided): Promise<VerificationReport> {
  const now = args.now ?? new Date()
  return db.$transaction(async (tx) => {
    let report = outcome.report
    if (outcome.challengeToConsume) {
      try {
        await consumeChallenge(tx, { challenge: outcome.challengeToConsume, now })
      } catch (error) {
        if (!(error instanceof CheckFailure)) throw error
        const checks = report.checks.map((c) => (c.check === 'challenge' ? fail('challenge', error.code, error.message) : c))
        report = { ...report, checks, verified: false }
      }
    }
    const failed = firstFailure(report)
    await appendAuditEntry(tx, {
      ...args.actor,
      orgId: args.orgId ?? null,
      action: 'verification.presentation',
      subjectType: 'HOLDER',
      subject: report.holder ?? null,
      decision: report.verified ? 'GRANTED' : 'DENIED',
      reasonCode: failed?.code ?? null,
      details: {
        credentials: report.credentials.map((c) => c.id ?? '(no id)').slice(0, 10),
        types: [...new Set(report.credentials.flatMap((c) => c.types.filter((t) => t !== 'VerifiableCredential')))].slice(0, 10),
        ...(failed ? { failedCheck: failed.check } : {}),
      },
      at: now,
    })
    if (onDecided) await onDecided(tx, report)
    return report
  })
}

export async function recordCredentialVerification(db: Db, report: VerificationReport, args: RecordArgs): Promise<VerificationReport> {
  const failed = firstFailure(report)
  const credential = report.credentials[0]
  await db.$transaction((tx) =>
    appendAuditEntry(tx, {
      ...args.actor,
      orgId: args.orgId ?? null,
      action: 'verification.credential',
      subjectType: 'CREDENTIAL',
      subject: credential?.id ?? null,
      decision: report.verified ? 'GRANTED' : 'DENIED',
      reasonCode: failed?.code ?? null,
      details: { types: (credential?.types ?? []).filter((t) => t !== 'VerifiableCredential').slice(0, 10), ...(failed ? { failedCheck: failed.check } : {}) },
      at: args.now ?? new Date(),
    }),
  )
  return report
}
