/**
 * Whether a stored consent's signed credential still holds now: it verifies (signature against the patient's
 * current DID document, validity dates), it is a PatientConsentCredential issued by the patient to the row's
 * grantee, and it names this hospital as custodian. The row alone (its dates, its revocation) is checked by
 * the caller; this checks what the patient signed, and answers the categories they signed for.
 */
import type { ErrorCode } from '../../errors.js'
import type { Verifier } from '../verification/verifier.js'

export type SignedConsentCheck = { ok: true; categories: string[] } | { ok: false; code: ErrorCode }

export async function checkSignedConsent(
  verifier: Pick<Verifier, 'verifyCredential'>,
  consent: { jwt: string; granteeDid: string },
  args: { patientDid: string; hospitalDid: string; now: Date },
): Promise<SignedConsentCheck> {
  const report = await verifier.verifyCredential(consent.jwt, { now: args.now })
  const credential = report.credentials[0]
  const failed = report.checks.find((c) => !c.passed)
  if (!report.verified || failed || !credential) return { ok: false, code: failed?.code === 'EXPIRED' ? 'CONSENT_EXPIRED' : (failed?.code ?? 'CONSENT_MISSING') }
  const claims = (credential.claims ?? {}) as { recordCategories?: unknown; custodian?: unknown }
  if (credential.issuer !== args.patientDid || credential.subject !== consent.granteeDid || claims.custodian !== args.hospitalDid || !credential.types.includes('PatientConsentCredential')) {
    return { ok: false, code: 'CONSENT_MISSING' }
  }
  return { ok: true, categories: Array.isArray(claims.recordCategories) ? claims.recordCategories.filter((x): x is string => typeof x === 'string') : [] }
}
