/**
 * A patient grants consent by submitting the PatientConsentCredential their wallet signed. It must verify in
 * full (signature against the patient's current DID document, dates), be issued by the signed-in patient
 * (a consent signed by anyone else grants nothing), name this hospital as custodian, cover known categories and
 * last no longer than policy allows. A credential is accepted once. Decision and audit entry commit together.
 */
import crypto from 'node:crypto'
import type { Db } from '../../db.js'
import { AppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import { isUniqueViolation } from '../credentials/issue-credentials.js'
import type { VerifiedPatient } from '../did-sessions/session-types.js'
import { auditDenial } from '../records/audit-denial.js'
import type { Verifier } from '../verification/verifier.js'
import { DidEthr } from '../credentials/credential-types.js'
import { CONSENT_DEFAULT_DURATION_MS, CONSENT_MAX_DURATION_MS, ConsentClaims, MAX_CONSENT_JWT_CHARS } from './consent-policy.js'

export async function grantConsent(deps: { db: Db; verifier: Verifier }, args: { patient: VerifiedPatient; consent: string; now?: Date }) {
  const now = args.now ?? new Date()
  const { patient } = args
  const event = { actorType: 'DID' as const, actor: patient.did, orgId: patient.orgId, action: 'consent.grant', subjectType: 'PATIENT', subject: patient.patientId, at: now }
  const deny = (error: AppError, details: Record<string, string> = {}) => auditDenial(deps.db, { ...event, details }, error)

  if (typeof args.consent !== 'string' || args.consent.length === 0) return deny(new AppError('VALIDATION_FAILED', 'consent (a compact JWT) is required'))
  if (args.consent.length > MAX_CONSENT_JWT_CHARS) return deny(new AppError('PAYLOAD_TOO_LARGE', `a consent credential is at most ${MAX_CONSENT_JWT_CHARS} characters`))
  const jwt = args.consent.trim()
  const report = await deps.verifier.verifyCredential(jwt, { now })
  const credential = report.credentials[0]
  const failed = report.checks.find((c) => !c.passed)
  if (!report.verified || !credential || failed) {
    return deny(new AppError(failed?.code ?? 'MALFORMED', `The consent does not verify: ${failed?.message ?? 'unknown problem'}`), { failedCheck: failed?.check ?? 'well-formed' })
  }
  if (!credential.types.includes('PatientConsentCredential')) return deny(new AppError('VALIDATION_FAILED', 'the credential must be a PatientConsentCredential'))
  if (credential.issuer !== patient.did) return deny(new AppError('ISSUER_UNTRUSTED', 'a consent must be signed by the patient whose records it opens'), { issuer: credential.issuer ?? '' })
  const claims = ConsentClaims.safeParse(credential.claims)
  if (!claims.success) return deny(validationError(claims.error.issues.map((i) => ({ ...i, path: ['credentialSubject', ...i.path] }))))
  const grantee = DidEthr.safeParse(credential.subject)
  if (!grantee.success) return deny(new AppError('VALIDATION_FAILED', 'the consent subject (grantee) must be a did:ethr DID', { fields: [{ field: 'credentialSubject.id', message: 'must be a did:ethr DID' }] }))
  if (claims.data.custodian !== patient.hospitalDid) {
    return deny(new AppError('DOMAIN_MISMATCH', 'this consent names another hospital as custodian of the records'), { custodian: claims.data.custodian })
  }
  const validFrom = new Date(credential.issuanceDate!)
  const validUntil = credential.expirationDate ? new Date(credential.expirationDate) : new Date(validFrom.getTime() + CONSENT_DEFAULT_DURATION_MS)
  if (validUntil.getTime() - validFrom.getTime() > CONSENT_MAX_DURATION_MS) {
    return deny(new AppError('POLICY_UNSATISFIED', `a consent may last at most ${CONSENT_MAX_DURATION_MS / 86_400_000} days`))
  }
  if (validUntil <= now) return deny(new AppError('CONSENT_EXPIRED', 'this consent has already expired'))

  const jwtHash = crypto.createHash('sha256').update(jwt).digest('hex')
  try {
    return await deps.db.$transaction(async (tx) => {
      if (await tx.consent.findUnique({ where: { jwtHash }, select: { id: true } })) throw new AppError('CONFLICT', 'This consent was already submitted')
      const consent = await tx.consent.create({
        data: {
          orgId: patient.orgId,
          patientId: patient.patientId,
          patientDid: patient.did,
          granteeDid: grantee.data,
          categories: claims.data.recordCategories.join(','),
          purpose: claims.data.purpose,
          validFrom,
          validUntil,
          jwt,
          jwtHash,
          credentialId: credential.id ?? null,
          createdAt: now,
        },
      })
      await appendAuditEntry(tx, {
        ...event,
        decision: 'GRANTED',
        details: { consentId: consent.id, grantee: consent.granteeDid, categories: claims.data.recordCategories, validUntil: validUntil.toISOString() },
      })
      return consent
    })
  } catch (error) {
    if (error instanceof AppError || isUniqueViolation(error)) return deny(error instanceof AppError ? error : new AppError('CONFLICT', 'This consent was already submitted'))
    throw error
  }
}
