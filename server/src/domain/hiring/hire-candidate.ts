/**
 * Hiring a verified candidate, exactly once: staff privileges issued to their DID, and their credentials put
 * under watch.
 *  1. Claim: VERIFIED -> HIRING in one conditional update whose token is the row's `updatedAt`; a second or
 *     concurrent hire finds nothing to claim and is refused (CONFLICT). A claim whose hire died on the way
 *     (a crash) may be taken over once it is HIRING_CLAIM_TTL_MS old.
 *  2. The privilege is issued under the natural key `candidate:<id>`: one current privilege per candidate;
 *     a retry keeps an identical one or supersedes (revokes) the earlier one, never adds a second.
 *  3. HIRING -> HIRED with the privilege linked, monitoring and the audit entry, in one transaction, and only
 *     while the claim and the privilege are still as this hire left them.
 * A failure after the claim puts the candidate back to VERIFIED (retryable, never half-hired) and withdraws
 * the privilege unless a hire links it. Refusals leave one DENIED audit entry (issuance refusals are audited
 * by the issuance).
 */
import { z } from 'zod'
import type { Db } from '../../db.js'
import { AppError, isAppError, validationError } from '../../errors.js'
import { appendAuditEntry, type AuditEvent } from '../audit/append-audit-entry.js'
import { auditRefusal } from '../audit-refusal.js'
import { applyStatusChange } from '../credentials/change-credential-status.js'
import { RECORD_CATEGORIES } from '../credentials/credential-types.js'
import { issueCredential, type IssueCredentialDeps } from '../credentials/issue-credential.js'
import { currentKeyOf, type IssuedCredentialRecord } from '../credentials/issue-credentials.js'
import { callerActor, type OrgCaller } from '../credentials/issuer-permissions.js'
import { notFound, orgScope } from '../tenant-scope.js'
import { readStoredOutcome } from './candidates.js'

export const HireInput = z.object({
  role: z.string().trim().min(2).max(100),
  department: z.string().trim().min(2).max(100),
  recordCategories: z.array(z.enum(RECORD_CATEGORIES)).min(1, 'at least one record category'),
  validUntil: z.string(),
})

/** How long a HIRING claim holds before another hire may take it over (its holder is presumed dead). */
export const HIRING_CLAIM_TTL_MS = 5 * 60_000

/** The natural key of the privilege a candidate's hire issues. */
export const privilegeKeyFor = (candidateId: string) => `candidate:${candidateId}`

type HireEvent = Omit<AuditEvent, 'decision' | 'reasonCode'>

interface Claim {
  candidate: { id: string; name: string; holderDid: string }
  /** The `updatedAt` the claim wrote: the claim is ours while the row still carries it. */
  token: Date
  input: z.infer<typeof HireInput>
  licenseJwt: string
  licenseExpiresAt: Date | null
}

export async function hireCandidate(deps: IssueCredentialDeps, args: { caller: OrgCaller; candidateId: string; input: z.input<typeof HireInput>; now?: Date }) {
  const now = args.now ?? new Date()
  const orgId = args.caller.orgId
  const event: HireEvent = { ...callerActor(args.caller), orgId, action: 'hiring.hire', subjectType: 'CANDIDATE', subject: typeof args.candidateId === 'string' ? args.candidateId : null, at: now }
  let claim: Claim
  try {
    claim = await claimCandidate(deps.db, { orgId, candidateId: args.candidateId, input: args.input, now })
  } catch (error) {
    return auditRefusal(deps.db, error, event)
  }

  let privilege: IssuedCredentialRecord
  try {
    privilege = await issueCredential(deps, {
      caller: args.caller,
      request: {
        type: 'StaffPrivilegeCredential',
        subjectDid: claim.candidate.holderDid,
        claims: { name: claim.candidate.name, role: claim.input.role, department: claim.input.department, recordCategories: claim.input.recordCategories },
        validUntil: claim.input.validUntil,
      },
      options: { naturalKey: privilegeKeyFor(claim.candidate.id), keepIfIdentical: true },
    })
  } catch (error) {
    await releaseClaim(deps.db, { claim, orgId, event, now })
    throw error
  }
  try {
    return await completeHire(deps.db, { claim, privilege, orgId, event })
  } catch (error) {
    await releaseClaim(deps.db, { claim, orgId, event, now, privilege, ...(isAppError(error) && error.code === 'CONFLICT' ? { denied: error } : {}) })
    throw error
  }
}

/** Checks the candidate can be hired and claims it (VERIFIED, or a stale HIRING, -> HIRING) in one conditional update. */
async function claimCandidate(db: Db, args: { orgId: string; candidateId: string; input: z.input<typeof HireInput>; now: Date }): Promise<Claim> {
  const parsed = HireInput.safeParse(args.input)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const candidate = await db.candidate.findFirst({ where: { id: args.candidateId, ...orgScope(args.orgId) } })
  if (!candidate) throw notFound('Candidate')
  const abandoned = candidate.stage === 'HIRING' && candidate.updatedAt.getTime() <= args.now.getTime() - HIRING_CLAIM_TTL_MS
  if (candidate.stage === 'HIRING' && !abandoned) throw new AppError('CONFLICT', 'This candidate is being hired by another request')
  if ((candidate.stage !== 'VERIFIED' && !abandoned) || !candidate.holderDid) throw new AppError('CONFLICT', 'Only a candidate whose credentials verified can be hired')
  const outcome = readStoredOutcome(candidate)
  const licenceIndex = outcome?.report.credentials.findIndex((c) => c.types.includes('ClinicianLicenseCredential')) ?? -1
  const licenseJwt = licenceIndex >= 0 ? outcome?.credentials[licenceIndex] : undefined
  if (!licenseJwt) throw new AppError('CONFLICT', 'The verified presentation holds no licence to monitor')
  const licence = outcome!.report.credentials[licenceIndex]!

  // A fresh token, distinct from the row's current one even within the same millisecond.
  const token = new Date(Math.max(args.now.getTime(), candidate.updatedAt.getTime() + 1))
  const { count } = await db.candidate.updateMany({ where: { id: candidate.id, stage: candidate.stage, updatedAt: candidate.updatedAt }, data: { stage: 'HIRING', updatedAt: token } })
  if (count === 0) throw new AppError('CONFLICT', 'This candidate is being hired by another request')
  return {
    candidate: { id: candidate.id, name: candidate.name, holderDid: candidate.holderDid },
    token,
    input: parsed.data,
    licenseJwt,
    licenseExpiresAt: licence.expirationDate ? new Date(licence.expirationDate) : null,
  }
}

/** HIRING -> HIRED with the privilege linked, monitoring started and the audit entry, while the claim is still ours. */
async function completeHire(db: Db, args: { claim: Claim; privilege: IssuedCredentialRecord; orgId: string; event: HireEvent }) {
  const { claim, privilege, orgId } = args
  const { candidate, licenseJwt } = claim
  return db.$transaction(async (tx) => {
    const { count } = await tx.candidate.updateMany({
      where: { id: candidate.id, stage: 'HIRING', updatedAt: claim.token },
      data: { stage: 'HIRED', hiredAt: new Date(), privilegeCredentialId: privilege.id },
    })
    if (count === 0) throw new AppError('CONFLICT', 'The candidate changed while being hired')
    // Still the candidate's current, active privilege (a same-value write also holds its row until commit).
    const held = await tx.issuedCredential.updateMany({ where: { id: privilege.id, status: 'ACTIVE', currentKey: currentKeyOf(orgId, privilegeKeyFor(candidate.id)) }, data: { status: 'ACTIVE' } })
    if (held.count === 0) throw new AppError('CONFLICT', 'The privilege changed while the candidate was being hired')
    await tx.monitoredClinician.upsert({
      where: { orgId_holderDid: { orgId, holderDid: candidate.holderDid } },
      create: {
        orgId,
        candidateId: candidate.id,
        holderDid: candidate.holderDid,
        name: candidate.name,
        licenseJwt,
        privilegeJwt: privilege.jwt,
        licenseExpiresAt: claim.licenseExpiresAt,
        privilegeExpiresAt: privilege.validUntil,
        privilegeState: 'OK',
        lastCheckedAt: new Date(),
      },
      update: { licenseJwt, privilegeJwt: privilege.jwt, licenseState: 'OK', privilegeState: 'OK', privilegeExpiresAt: privilege.validUntil, expiryWarnedDays: null },
    })
    await appendAuditEntry(tx, { ...args.event, decision: 'DONE', details: { holderDid: candidate.holderDid, privilegeCredential: privilege.id } })
    return tx.candidate.findUniqueOrThrow({ where: { id: candidate.id } })
  })
}

/**
 * After a failed hire: the candidate back to VERIFIED if the claim is still ours, the privilege revoked unless
 * a hire links it or another hire has taken the claim over (which keeps or supersedes it), and the refusal
 * audited when the hire was refused. Best effort: if this fails too, the claim expires and the next hire
 * supersedes the privilege.
 */
async function releaseClaim(db: Db, args: { claim: Claim; orgId: string; event: HireEvent; now: Date; privilege?: IssuedCredentialRecord; denied?: AppError }) {
  const { claim, privilege } = args
  try {
    await db.$transaction(async (tx) => {
      await tx.candidate.updateMany({ where: { id: claim.candidate.id, stage: 'HIRING', updatedAt: claim.token }, data: { stage: 'VERIFIED' } })
      if (privilege) {
        const candidate = await tx.candidate.findUnique({ where: { id: claim.candidate.id }, select: { stage: true, privilegeCredentialId: true } })
        const unclaimed = !candidate || (candidate.stage !== 'HIRING' && candidate.privilegeCredentialId !== privilege.id)
        const credential = unclaimed ? await tx.issuedCredential.findFirst({ where: { id: privilege.id, currentKey: currentKeyOf(args.orgId, privilegeKeyFor(claim.candidate.id)) } }) : null
        if (credential) {
          const { actorType, actor } = args.event
          await applyStatusChange(tx, { credential, action: 'revoke', reason: 'the hire did not complete', actor: { actorType, actor }, orgId: args.orgId, now: args.now, reasonCode: 'HIRE_NOT_COMPLETED' })
        }
      }
      if (args.denied) await appendAuditEntry(tx, { ...args.event, decision: 'DENIED', reasonCode: args.denied.code })
    })
  } catch {
    // The hire's own error is what the caller hears; a stale claim is taken over later (HIRING_CLAIM_TTL_MS).
  }
}
