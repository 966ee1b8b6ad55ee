/**
 * Which record categories a clinician may read for a patient, category by category:
 *  1. the clinician's staff privilege must cover the category (else FORBIDDEN);
 *  2. a consent in force (not revoked, validFrom <= now < validUntil) for this clinician's DID or this
 *     hospital's DID, whose signed credential still verifies now and whose *signed* claims (not only the row)
 *     cover the category, names this patient as issuer and this hospital as custodian, grants it;
 *  3. otherwise an open break-glass window of this clinician for this patient grants the emergency categories;
 *  4. otherwise the newest consent that covered the category says why not: CONSENT_REVOKED, CONSENT_EXPIRED,
 *     or the verification code of its credential; with no such consent, CONSENT_MISSING.
 * A consent for another grantee, another patient or another hospital is never looked at.
 */
import { checkSignedConsent, type SignedConsentCheck } from '../consent/check-signed-consent.js'
import type { Db } from '../../db.js'
import type { ErrorCode } from '../../errors.js'
import type { RecordCategory } from '../credentials/credential-types.js'
import { consentStatus, parseCategories } from '../consent/consent-policy.js'
import type { VerifiedClinician } from '../did-sessions/session-types.js'
import type { Verifier } from '../verification/verifier.js'

export type CategoryDecision =
  | { category: RecordCategory; granted: true; basis: 'CONSENT'; consentId: string }
  | { category: RecordCategory; granted: true; basis: 'BREAK_GLASS'; breakGlassId: string }
  | { category: RecordCategory; granted: true; basis: 'SELF' }
  | { category: RecordCategory; granted: false; code: ErrorCode }

/** When nothing is granted, the code that explains it best. */
const DENIAL_PRECEDENCE: ErrorCode[] = ['CONSENT_REVOKED', 'CONSENT_EXPIRED', 'CONSENT_MISSING', 'FORBIDDEN']

export function mainDenialCode(decisions: CategoryDecision[]): ErrorCode {
  const codes = decisions.flatMap((d) => (d.granted ? [] : [d.code]))
  return DENIAL_PRECEDENCE.find((c) => codes.includes(c)) ?? codes[0] ?? 'CONSENT_MISSING'
}

export async function decideClinicianAccess(
  deps: { db: Db; verifier: Verifier },
  args: { clinician: VerifiedClinician; patient: { id: string; did: string }; requested: RecordCategory[]; now: Date },
): Promise<CategoryDecision[]> {
  const { clinician, patient, now } = args
  const consents = await deps.db.consent.findMany({
    where: { patientId: patient.id, orgId: clinician.orgId, patientDid: patient.did, granteeDid: { in: [clinician.did, clinician.hospitalDid] } },
    orderBy: { createdAt: 'desc' },
    take: 200,
  })
  const breakGlass = await deps.db.breakGlassAccess.findFirst({
    where: { patientId: patient.id, orgId: clinician.orgId, clinicianDid: clinician.did, openedAt: { lte: now }, expiresAt: { gt: now } },
    orderBy: { openedAt: 'desc' },
  })

  const checked = new Map<string, SignedConsentCheck>()
  const verifyConsent = async (c: (typeof consents)[number]) => {
    let result = checked.get(c.id)
    if (!result) {
      result = await checkSignedConsent(deps.verifier, c, { patientDid: patient.did, hospitalDid: clinician.hospitalDid, now })
      checked.set(c.id, result)
    }
    return result
  }

  const decisions: CategoryDecision[] = []
  for (const category of args.requested) {
    if (!clinician.categories.includes(category)) {
      decisions.push({ category, granted: false, code: 'FORBIDDEN' })
      continue
    }
    const covering = consents.filter((c) => parseCategories(c.categories).includes(category))
    let granted: CategoryDecision | undefined
    let reason: ErrorCode | undefined
    for (const c of covering) {
      const status = consentStatus(c, now)
      if (status !== 'ACTIVE') {
        reason ??= status === 'REVOKED' ? 'CONSENT_REVOKED' : status === 'EXPIRED' ? 'CONSENT_EXPIRED' : 'CONSENT_MISSING'
        continue
      }
      const verified = await verifyConsent(c)
      if (verified.ok && verified.categories.includes(category)) {
        granted = { category, granted: true, basis: 'CONSENT', consentId: c.id }
        break
      }
      reason ??= verified.ok ? 'CONSENT_MISSING' : verified.code
    }
    if (!granted && breakGlass && parseCategories(breakGlass.categories).includes(category)) {
      granted = { category, granted: true, basis: 'BREAK_GLASS', breakGlassId: breakGlass.id }
    }
    decisions.push(granted ?? { category, granted: false, code: reason ?? 'CONSENT_MISSING' })
  }
  return decisions
}
