/** Hiring a verified candidate: staff privileges issued to their DID, and their credentials put under watch. */
import { z } from 'zod'
import { AppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import { RECORD_CATEGORIES } from '../credentials/credential-types.js'
import { issueCredential, type IssueCredentialDeps } from '../credentials/issue-credential.js'
import type { OrgCaller } from '../credentials/issuer-permissions.js'
import { notFound, orgScope } from '../tenant-scope.js'
import { readStoredOutcome } from './candidates.js'

export const HireInput = z.object({
  role: z.string().trim().min(2).max(100),
  department: z.string().trim().min(2).max(100),
  recordCategories: z.array(z.enum(RECORD_CATEGORIES)).min(1, 'at least one record category'),
  validUntil: z.string(),
})

export async function hireCandidate(deps: IssueCredentialDeps, args: { caller: OrgCaller; candidateId: string; input: z.input<typeof HireInput> }) {
  const parsed = HireInput.safeParse(args.input)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const orgId = args.caller.orgId
  const candidate = await deps.db.candidate.findFirst({ where: { id: args.candidateId, ...orgScope(orgId) } })
  if (!candidate) throw notFound('Candidate')
  if (candidate.stage !== 'VERIFIED' || !candidate.holderDid) throw new AppError('CONFLICT', 'Only a candidate whose credentials verified can be hired')
  const outcome = readStoredOutcome(candidate)
  const licenceIndex = outcome?.report.credentials.findIndex((c) => c.types.includes('ClinicianLicenseCredential')) ?? -1
  const licenseJwt = licenceIndex >= 0 ? outcome?.credentials[licenceIndex] : undefined
  if (!licenseJwt) throw new AppError('CONFLICT', 'The verified presentation holds no licence to monitor')

  const privilege = await issueCredential(deps, {
    caller: args.caller,
    request: {
      type: 'StaffPrivilegeCredential',
      subjectDid: candidate.holderDid,
      claims: { name: candidate.name, role: parsed.data.role, department: parsed.data.department, recordCategories: parsed.data.recordCategories },
      validUntil: parsed.data.validUntil,
    },
  })
  const licence = outcome!.report.credentials[licenceIndex]!
  return deps.db.$transaction(async (tx) => {
    const { count } = await tx.candidate.updateMany({ where: { id: candidate.id, stage: 'VERIFIED' }, data: { stage: 'HIRED', hiredAt: new Date(), privilegeCredentialId: privilege.id } })
    if (count === 0) throw new AppError('CONFLICT', 'The candidate changed concurrently')
    await tx.monitoredClinician.upsert({
      where: { orgId_holderDid: { orgId, holderDid: candidate.holderDid! } },
      create: {
        orgId,
        candidateId: candidate.id,
        holderDid: candidate.holderDid!,
        name: candidate.name,
        licenseJwt,
        privilegeJwt: privilege.jwt,
        licenseExpiresAt: licence.expirationDate ? new Date(licence.expirationDate) : null,
        privilegeExpiresAt: privilege.validUntil,
        privilegeState: 'OK',
        lastCheckedAt: new Date(),
      },
      update: { licenseJwt, privilegeJwt: privilege.jwt, licenseState: 'OK', privilegeState: 'OK', privilegeExpiresAt: privilege.validUntil, expiryWarnedDays: null },
    })
    await appendAuditEntry(tx, {
      actorType: args.caller.kind === 'staff' ? 'STAFF' : 'SYSTEM',
      actor: args.caller.kind === 'staff' ? args.caller.accountId : args.caller.tokenId,
      orgId,
      action: 'hiring.hire',
      subjectType: 'CANDIDATE',
      subject: candidate.id,
      decision: 'DONE',
      details: { holderDid: candidate.holderDid, privilegeCredential: privilege.id },
    })
    return tx.candidate.findUniqueOrThrow({ where: { id: candidate.id } })
  })
}
