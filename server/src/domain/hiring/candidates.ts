/**
 * The hiring pipeline: a candidate gets a presentation request (a single-use challenge bound to the hospital's
 * domain and its saved policy), the candidate's wallet answers it, the verification report moves the
 * candidate to VERIFIED or FAILED, and HR hires (issuing staff privileges and starting monitoring) or rejects.
 * Every step is audited in the transaction that makes it. HR's refusals (renew or reject an unknown, hired,
 * rejected or mid-hire candidate) change nothing and leave one DENIED entry (audit-refusal.ts).
 */
import { decodeJWT } from 'did-jwt'
import { z } from 'zod'
import type { Db, DbTx } from '../../db.js'
import { AppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { auditRefusal } from '../audit-refusal.js'
import { notFound, orgScope } from '../tenant-scope.js'
import { issueChallenge } from '../verification/challenges.js'
import { getPresentationPolicy } from '../verification/presentation-policies.js'
import { finalizePresentation } from '../verification/record-verification.js'
import type { VerificationReport } from '../verification/report.js'
import type { Verifier } from '../verification/verifier.js'

export interface HiringDeps {
  db: Db
  verifier: Verifier
  config: { publicUrl: string }
}

/** The host wallets must address presentations to (our public URL's host). */
export function verifierDomain(publicUrl: string): string {
  return new URL(publicUrl).host.toLowerCase()
}

export function requestUrl(publicUrl: string, candidateId: string): string {
  return `${publicUrl}/wallet/present?request=${candidateId}`
}

/** What the candidate presented, kept with the report (the licence JWT is what monitoring re-checks). */
export interface StoredOutcome {
  report: VerificationReport
  credentials: string[]
}

export const CreateCandidateInput = z.object({
  name: z.string().trim().min(2, 'is required').max(200),
  email: z.string().trim().toLowerCase().email('must be an email address').max(254).optional(),
  policy: z.string().trim().min(1).max(100).default('hiring'),
})

export async function createCandidate(deps: HiringDeps, args: { orgId: string; actor: AuditActor; input: z.input<typeof CreateCandidateInput> }) {
  const parsed = CreateCandidateInput.safeParse(args.input)
  if (!parsed.success) throw validationError(parsed.error.issues)
  await getPresentationPolicy(deps.db, { orgId: args.orgId, name: parsed.data.policy }) // must exist
  return deps.db.$transaction(async (tx) => {
    const challenge = await issueChallenge(tx, { domain: verifierDomain(deps.config.publicUrl), orgId: args.orgId, purpose: parsed.data.policy })
    const candidate = await tx.candidate.create({
      data: {
        orgId: args.orgId,
        name: parsed.data.name,
        email: parsed.data.email ?? null,
        stage: 'INVITED',
        policyName: parsed.data.policy,
        challenge: challenge.challenge,
        domain: challenge.domain,
        expiresAt: challenge.expiresAt,
        createdBy: args.actor.actor,
      },
    })
    await appendAuditEntry(tx, { ...args.actor, orgId: args.orgId, action: 'hiring.request', subjectType: 'CANDIDATE', subject: candidate.id, decision: 'DONE', details: { policy: parsed.data.policy } })
    return candidate
  })
}

/** A new challenge for a candidate whose request expired or whose presentation failed. */
export async function renewCandidateRequest(deps: HiringDeps, args: { orgId: string; actor: AuditActor; candidateId: string }) {
  try {
    return await deps.db.$transaction(async (tx) => {
      const candidate = await tx.candidate.findFirst({ where: { id: args.candidateId, ...orgScope(args.orgId) } })
      if (!candidate) throw notFound('Candidate')
      if (candidate.stage === 'HIRED' || candidate.stage === 'REJECTED') throw new AppError('CONFLICT', `The candidate is already ${candidate.stage.toLowerCase()}`)
      assertNotBeingHired(candidate.stage)
      const challenge = await issueChallenge(tx, { domain: verifierDomain(deps.config.publicUrl), orgId: args.orgId, purpose: candidate.policyName })
      await claimUnchanged(tx, candidate, { stage: 'INVITED', challenge: challenge.challenge, domain: challenge.domain, expiresAt: challenge.expiresAt })
      await appendAuditEntry(tx, { ...args.actor, orgId: args.orgId, action: 'hiring.request', subjectType: 'CANDIDATE', subject: candidate.id, decision: 'DONE', details: { renewed: true } })
      return tx.candidate.findUniqueOrThrow({ where: { id: candidate.id } })
    })
  } catch (error) {
    return auditRefusal(deps.db, error, { ...args.actor, orgId: args.orgId, action: 'hiring.request', subjectType: 'CANDIDATE', subject: typeof args.candidateId === 'string' ? args.candidateId : null, details: { renewed: true } })
  }
}

/** HIRING is a hire in progress (hire-candidate.ts): only the hire moves the candidate on (or back to VERIFIED). */
function assertNotBeingHired(stage: string) {
  if (stage === 'HIRING') throw new AppError('CONFLICT', 'The candidate is being hired; wait for the hire to finish (a failed hire puts them back to verified)')
}

/**
 * Updates the candidate only if it is still as read (stage and `updatedAt`): a hire claiming it meanwhile
 * (VERIFIED -> HIRING, outside this transaction) makes this change fail with CONFLICT instead of overwriting it.
 */
async function claimUnchanged(tx: DbTx, candidate: { id: string; stage: string; updatedAt: Date }, data: { stage: string; challenge?: string; domain?: string; expiresAt?: Date; rejectedReason?: string }) {
  const { count } = await tx.candidate.updateMany({ where: { id: candidate.id, stage: candidate.stage, updatedAt: candidate.updatedAt }, data })
  if (count === 0) throw new AppError('CONFLICT', 'The candidate changed meanwhile (a hire may have started); reload and try again')
}

/** The public view of a request, for the candidate's wallet: who asks, for what, with which challenge. */
export async function getPresentationRequest(deps: HiringDeps, requestId: string) {
  const candidate = await deps.db.candidate.findUnique({ where: { id: requestId } })
  if (!candidate) throw notFound('Presentation request')
  const org = await deps.db.organization.findUniqueOrThrow({ where: { id: candidate.orgId } })
  const definition = await getPresentationPolicy(deps.db, { orgId: candidate.orgId, name: candidate.policyName })
  return {
    id: candidate.id,
    organizationName: org.name,
    organizationDid: org.did,
    purpose: definition.purpose ?? definition.name ?? 'Credential check',
    challenge: candidate.challenge,
    domain: candidate.domain,
    expiresAt: candidate.expiresAt,
    definition: JSON.stringify(definition),
    status: candidate.stage === 'INVITED' ? (candidate.expiresAt <= new Date() ? 'EXPIRED' : 'OPEN') : 'ANSWERED',
  }
}

/** The candidate's wallet answers: verified against the hospital's policy; the candidate moves on. */
export async function submitPresentation(deps: HiringDeps, args: { requestId: string; presentation: string; ip: string }) {
  const candidate = await deps.db.candidate.findUnique({ where: { id: args.requestId } })
  if (!candidate) throw notFound('Presentation request')
  if (candidate.stage !== 'INVITED') throw new AppError('CONFLICT', 'This request was already answered; ask the hospital for a new link')
  const policy = await getPresentationPolicy(deps.db, { orgId: candidate.orgId, name: candidate.policyName })
  const outcome = await deps.verifier.verifyPresentation(args.presentation, { challenge: candidate.challenge, domain: candidate.domain, policy })
  const credentials = presentedCredentials(args.presentation)
  const report = await finalizePresentation(
    deps.db,
    outcome,
    { actor: outcome.report.holder ? { actorType: 'DID', actor: outcome.report.holder } : { actorType: 'ANONYMOUS', actor: `ip:${args.ip}` }, orgId: candidate.orgId },
    async (tx, final) => {
      // Only a presentation signed by its holder moves the candidate on: anyone who sees the link could
      // otherwise fail a candidate with garbage.
      const signed = final.checks.some((c) => c.check === 'signature' && c.passed && !c.credentialId)
      if (!signed) return
      const stored: StoredOutcome = { report: final, credentials }
      const { count } = await tx.candidate.updateMany({
        where: { id: candidate.id, stage: 'INVITED', challenge: candidate.challenge },
        data: { stage: final.verified ? 'VERIFIED' : 'FAILED', holderDid: final.holder ?? null, report: JSON.stringify(stored), verifiedAt: final.verified ? new Date() : null },
      })
      if (count === 0) throw new AppError('CONFLICT', 'This request was answered concurrently')
    },
  )
  return { verified: report.verified, message: report.verified ? `${candidate.name}'s credentials were verified` : 'The presentation did not pass every check; the hospital will see why' }
}

function presentedCredentials(vp: string): string[] {
  try {
    const list = (decodeJWT(vp).payload as { vp?: { verifiableCredential?: unknown } }).vp?.verifiableCredential
    return (Array.isArray(list) ? list : []).filter((c): c is string => typeof c === 'string').slice(0, 10)
  } catch {
    return []
  }
}

export async function rejectCandidate(deps: HiringDeps, args: { orgId: string; actor: AuditActor; candidateId: string; reason: string }) {
  const event = { ...args.actor, orgId: args.orgId, action: 'hiring.reject', subjectType: 'CANDIDATE', subject: typeof args.candidateId === 'string' ? args.candidateId : null }
  try {
    const reason = typeof args.reason === 'string' ? args.reason.trim() : ''
    if (reason.length < 3) throw new AppError('VALIDATION_FAILED', 'A reason is required', { fields: [{ field: 'reason', message: 'a reason is required' }] })
    return await deps.db.$transaction(async (tx) => {
      const candidate = await tx.candidate.findFirst({ where: { id: args.candidateId, ...orgScope(args.orgId) } })
      if (!candidate) throw notFound('Candidate')
      if (candidate.stage === 'HIRED') throw new AppError('CONFLICT', 'The candidate is already hired')
      assertNotBeingHired(candidate.stage)
      await claimUnchanged(tx, candidate, { stage: 'REJECTED', rejectedReason: reason.slice(0, 500) })
      await appendAuditEntry(tx, { ...event, decision: 'DONE' })
      return tx.candidate.findUniqueOrThrow({ where: { id: candidate.id } })
    })
  } catch (error) {
    return auditRefusal(deps.db, error, event)
  }
}

export async function listCandidates(db: Db, args: { orgId: string; stage?: string }) {
  return db.candidate.findMany({ where: { ...orgScope(args.orgId), ...(args.stage ? { stage: args.stage } : {}) }, orderBy: { createdAt: 'desc' }, take: 200 })
}

export async function getCandidate(db: Db, args: { orgId: string; id: string }) {
  const candidate = await db.candidate.findFirst({ where: { id: args.id, ...orgScope(args.orgId) } })
  if (!candidate) throw notFound('Candidate')
  return candidate
}

export function readStoredOutcome(candidate: { report: string | null }): StoredOutcome | undefined {
  return candidate.report ? (JSON.parse(candidate.report) as StoredOutcome) : undefined
}
