/**
 * Finishes a verification as a decision: the challenge is consumed (single use across instances) and the
 * outcome, granted or denied with its first failing code, is audited, in one transaction.
 *
 * Concurrent decisions are group-committed (see group-commit.ts): one transaction consumes the challenges
 * of every decision waiting and appends all their audit entries, so each decision still commits together
 * with its audit entry, and the audit head lock is taken once per batch instead of once per request.
 */
import type { Db, DbTx } from '../../db.js'
import { classifyInfrastructureError } from '../../errors.js'
import { appendAuditEntries, appendAuditEntry, type AuditEvent } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { groupCommit } from '../group-commit.js'
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

type Decision = { kind: 'presentation'; outcome: PresentationOutcome; args: RecordArgs } | { kind: 'credential'; report: VerificationReport; args: RecordArgs }

const committers = new WeakMap<Db, (decision: Decision) => Promise<VerificationReport>>()

function committerFor(db: Db) {
  let commit = committers.get(db)
  if (!commit) {
    commit = groupCommit<Decision, VerificationReport>({
      commitOne: (decision) => db.$transaction((tx) => recordDecisions(tx, [decision], { singleClaims: true }).then((r) => r[0]!)),
      commitMany: (decisions) => db.$transaction((tx) => recordDecisions(tx, decisions, { singleClaims: false })),
      retryAlone: (error) => classifyInfrastructureError(error) === undefined, // a database outage is every decision's
    })
    committers.set(db, commit)
  }
  return commit
}

export async function finalizePresentation(db: Db, outcome: PresentationOutcome, args: RecordArgs, onDecided?: OnDecided): Promise<VerificationReport> {
  // With work of its own in the transaction, or an injected clock, a decision is committed alone.
  if (!onDecided && !args.now) return committerFor(db)({ kind: 'presentation', outcome, args })
  return db.$transaction(async (tx) => {
    const [report] = await recordDecisions(tx, [{ kind: 'presentation', outcome, args }], { singleClaims: true })
    await onDecided?.(tx, report!)
    return report!
  })
}

export function recordCredentialVerification(db: Db, report: VerificationReport, args: RecordArgs): Promise<VerificationReport> {
  return committerFor(db)({ kind: 'credential', report, args })
}

/** Thrown when another instance consumed one of a batch's challenges mid-way: the batch is redone one by one. */
class ChallengeClaimConflict extends Error {}

/**
 * Consumes the decisions' challenges (the first decision to claim a challenge gets it; a later one in the
 * same batch is a replay), then appends one audit entry per decision, in the caller's transaction.
 */
async function recordDecisions(tx: DbTx, decisions: Decision[], options: { singleClaims: boolean }): Promise<VerificationReport[]> {
  const batchNow = new Date()
  const reports: VerificationReport[] = []
  if (options.singleClaims) {
    for (const d of decisions) {
      let report = d.kind === 'presentation' ? d.outcome.report : d.report
      if (d.kind === 'presentation' && d.outcome.challengeToConsume) {
        try {
          await consumeChallenge(tx, { challenge: d.outcome.challengeToConsume, now: d.args.now ?? batchNow })
        } catch (error) {
          if (!(error instanceof CheckFailure)) throw error
          report = withChallengeFailure(report, error)
        }
      }
      reports.push(report)
    }
  } else {
    const wanted = [...new Set(decisions.flatMap((d) => (d.kind === 'presentation' && d.outcome.challengeToConsume ? [d.outcome.challengeToConsume] : [])))]
    const claimable = new Set<string>()
    if (wanted.length > 0) {
      const unused = { id: { in: wanted }, consumedAt: null, expiresAt: { gt: batchNow } }
      for (const row of await tx.presentationChallenge.findMany({ where: unused, select: { id: true } })) claimable.add(row.id)
      if (claimable.size > 0) {
        const { count } = await tx.presentationChallenge.updateMany({ where: { ...unused, id: { in: [...claimable] } }, data: { consumedAt: batchNow } })
        if (count !== claimable.size) throw new ChallengeClaimConflict()
      }
    }
    for (const d of decisions) {
      let report = d.kind === 'presentation' ? d.outcome.report : d.report
      const challenge = d.kind === 'presentation' ? d.outcome.challengeToConsume : undefined
      if (challenge && !claimable.delete(challenge)) report = withChallengeFailure(report, new CheckFailure('CHALLENGE_REPLAYED', 'this challenge was already used'))
      reports.push(report)
    }
  }
  const events = decisions.map((d, i) => auditEventOf(d, reports[i]!, d.args.now ?? batchNow))
  if (events.length === 1) await appendAuditEntry(tx, events[0]!)
  else await appendAuditEntries(tx, events)
  return reports
}

function withChallengeFailure(report: VerificationReport, error: CheckFailure): VerificationReport {
  const checks = report.checks.map((c) => (c.check === 'challenge' ? fail('challenge', error.code, error.message) : c))
  return { ...report, checks, verified: false }
}

const typesOf = (types: string[]) => [...new Set(types.filter((t) => t !== 'VerifiableCredential'))].slice(0, 10)

function auditEventOf(d: Decision, report: VerificationReport, at: Date): AuditEvent {
  const failed = firstFailure(report)
  // An anonymous caller's decision belongs to the organisation that issued the challenge (its alerts too).
  const orgId = d.args.orgId ?? (d.kind === 'presentation' ? d.outcome.verifierOrgId : undefined) ?? null
  const common = { ...d.args.actor, orgId, decision: report.verified ? 'GRANTED' : 'DENIED', reasonCode: failed?.code ?? null, at } as const
  if (d.kind === 'presentation') {
    return {
      ...common,
      action: 'verification.presentation',
      subjectType: 'HOLDER',
      subject: report.holder ?? null,
      details: {
        credentials: report.credentials.map((c) => c.id ?? '(no id)').slice(0, 10),
        types: typesOf(report.credentials.flatMap((c) => c.types)),
        ...(failed ? { failedCheck: failed.check } : {}),
      },
    }
  }
  const credential = report.credentials[0]
  return {
    ...common,
    action: 'verification.credential',
    subjectType: 'CREDENTIAL',
    subject: credential?.id ?? null,
    details: { types: typesOf(credential?.types ?? []), ...(failed ? { failedCheck: failed.check } : {}) },
  }
}
