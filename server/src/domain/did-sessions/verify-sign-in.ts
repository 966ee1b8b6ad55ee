/**
 * The presentation half of a clinician's or patient's sign-in: the challenge must have been issued by us for
 * this purpose and a hospital, the presentation is verified in full against that hospital's domain and access
 * policy, and the credentials that satisfied each of the policy's descriptors are returned with their JWTs
 * (the session keeps what it must re-check). The caller consumes the challenge and audits in one transaction.
 */
import type { Db, DbTx } from '../../db.js'
import { AppError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { consumeChallenge } from '../verification/challenges.js'
import { parseJwt } from '../verification/parse-jwt.js'
import { evaluatePolicy, type PresentationDefinition } from '../verification/presentation-policy.js'
import { firstFailure } from '../verification/record-verification.js'
import { CheckFailure, fail, type CredentialResult, type VerificationReport } from '../verification/report.js'
import { MAX_PRESENTATION_JWT, type Verifier } from '../verification/verifier.js'
import { hospitalOfChallenge, type AccessPurpose } from './access-challenges.js'
import { hospitalDomain } from './hospital-domain.js'

export interface Hospital {
  id: string
  did: string
  name: string
  jurisdiction: string | null
}

export interface SignInDeps {
  db: Db
  verifier: Verifier
  config: { publicUrl: string }
}

export interface SignInVerification {
  hospital: Hospital
  report: VerificationReport
  challengeToConsume: string | undefined
  /** Descriptor id -> the verified credential that satisfied it, with its compact JWT. */
  matched: Record<string, { credential: CredentialResult; jwt: string }>
}

export async function verifySignInPresentation(
  deps: SignInDeps,
  args: { presentation: string; challenge: unknown; purpose: AccessPurpose; policyFor: (hospital: Hospital) => PresentationDefinition; now: Date },
): Promise<SignInVerification> {
  const hospital = await hospitalOfChallenge(deps.db, { challenge: args.challenge, purpose: args.purpose })
  const policy = args.policyFor(hospital)
  const { report, challengeToConsume } = await deps.verifier.verifyPresentation(args.presentation, {
    challenge: args.challenge as string,
    domain: hospitalDomain(deps.config.publicUrl, hospital.id),
    policy,
    now: args.now,
  })
  const matched: SignInVerification['matched'] = {}
  if (report.verified) {
    const jwts = presentedJwts(args.presentation)
    const verified = report.credentials.map((credential, index) => ({ credential, index })).filter((c) => c.credential.verified)
    const outcome = evaluatePolicy(policy, verified.map((v) => toPolicyCredential(v.credential)), args.now)
    for (const [descriptor, i] of Object.entries(outcome.matches)) {
      const hit = verified[i]!
      const jwt = jwts[hit.index]
      if (jwt) matched[descriptor] = { credential: hit.credential, jwt }
    }
  }
  return { hospital, report, challengeToConsume, matched }
}

/** Who signed in (as the audit records it): the holder once the presentation's own signature verified. */
export function signInActor(report: VerificationReport, ip: string): AuditActor {
  const signed = report.holder && report.checks.some((c) => c.check === 'signature' && c.passed && !c.credentialId)
  return signed ? { actorType: 'DID', actor: report.holder! } : { actorType: 'ANONYMOUS', actor: `ip:${ip}` }
}

export type SignInDecision<T> = { ok: true; value: T } | { ok: false; error: AppError }

/**
 * Consumes the challenge and records the decision in one transaction; `open` runs (in the same transaction)
 * only when the presentation verified and may refuse with a CheckFailure or AppError of its own.
 */
export async function decideSignIn<T>(
  db: Db,
  args: { verification: SignInVerification; action: string; ip: string; now: Date; open: (tx: DbTx, report: VerificationReport) => Promise<{ value: T; subject: string; details: Record<string, string | number | boolean | null | string[]> }> },
): Promise<T> {
  const { verification, now } = args
  const decision = await db.$transaction(async (tx): Promise<SignInDecision<T>> => {
    let report = verification.report
    if (verification.challengeToConsume) {
      try {
        await consumeChallenge(tx, { challenge: verification.challengeToConsume, now })
      } catch (error) {
        if (!(error instanceof CheckFailure)) throw error
        report = { ...report, verified: false, checks: report.checks.map((c) => (c.check === 'challenge' ? fail('challenge', error.code, error.message) : c)) }
      }
    }
    const actor = signInActor(report, args.ip)
    const base = { ...actor, orgId: verification.hospital.id, action: args.action, subjectType: 'HOLDER', at: now }
    const denied = async (error: AppError, failedCheck?: string): Promise<SignInDecision<T>> => {
      await appendAuditEntry(tx, {
        ...base,
        subject: report.holder ?? null,
        decision: 'DENIED',
        reasonCode: error.code,
        details: { credentials: report.credentials.map((c) => c.id ?? '(no id)').slice(0, 10), ...(failedCheck ? { failedCheck } : {}) },
      })
      return { ok: false, error }
    }
    const failed = firstFailure(report)
    if (!report.verified || failed) {
      const problems = report.checks.filter((c) => !c.passed).map((c) => ({ check: c.check, code: c.code ?? null, message: c.message ?? null, credentialId: c.credentialId ?? null }))
      const code = failed?.code ?? 'MALFORMED'
      return denied(new AppError(code, `Sign-in refused: ${failed?.message ?? 'the presentation did not verify'}`, { checks: problems }), failed?.check)
    }
    try {
      const opened = await args.open(tx, report)
      await appendAuditEntry(tx, { ...base, subject: opened.subject, decision: 'GRANTED', details: opened.details })
      return { ok: true, value: opened.value }
    } catch (error) {
      if (error instanceof CheckFailure) return denied(new AppError(error.code, error.message))
      if (error instanceof AppError) return denied(error)
      throw error
    }
  })
  if (!decision.ok) throw decision.error
  return decision.value
}

/** The compact JWTs inside a presentation, in the order the verifier reports them. */
function presentedJwts(presentation: string): Array<string | undefined> {
  const vp = parseJwt(presentation.trim(), MAX_PRESENTATION_JWT).payload.vp as { verifiableCredential?: unknown }
  const raw = vp.verifiableCredential
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  return list.map((item) => {
    if (typeof item === 'string') return item.trim()
    const proof = (item as { proof?: unknown } | null)?.proof
    const p = Array.isArray(proof) ? proof[0] : proof
    return typeof (p as { jwt?: unknown } | undefined)?.jwt === 'string' ? (p as { jwt: string }).jwt : undefined
  })
}

function toPolicyCredential(c: CredentialResult) {
  return {
    id: c.id,
    type: c.types,
    issuer: c.issuer,
    issuanceDate: c.issuanceDate,
    expirationDate: c.expirationDate,
    credentialSubject: { ...(c.subject ? { id: c.subject } : {}), ...c.claims },
  }
}
