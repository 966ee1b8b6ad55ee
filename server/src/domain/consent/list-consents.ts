/** Consents as their patient sees them, and the patients whose consent is in force for a clinician. */
import type { Db } from '../../db.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { VerifiedClinician } from '../did-sessions/session-types.js'
import { readProfileOrNull } from '../records/data-keys.js'
import type { Verifier } from '../verification/verifier.js'
import { checkSignedConsent } from './check-signed-consent.js'
import { consentStatus, parseCategories } from './consent-policy.js'

export async function listPatientConsents(db: Db, args: { patientId: string; orgId: string; now?: Date }) {
  const now = args.now ?? new Date()
  const rows = await db.consent.findMany({ where: { patientId: args.patientId, orgId: args.orgId }, orderBy: { createdAt: 'desc' }, take: 500 })
  return rows.map((c) => ({ ...c, categories: parseCategories(c.categories), status: consentStatus(c, now) }))
}

/**
 * Patients of the clinician's hospital (not erased) with a consent in force now for this clinician or for
 * the hospital: not revoked, validFrom <= now < validUntil, given by the patient's own DID, and whose signed
 * credential still verifies now (a consent row alone discloses no demographics). Every call is audited once
 * (`records.list_consented`: the session and the patients and consents listed, identifiers only), in the
 * transaction that reads the patients, so an erasure or revocation committed a moment earlier is honoured.
 */
export async function listConsentedPatients(deps: { db: Db; masterKey: Buffer; verifier: Pick<Verifier, 'verifyCredential'> }, args: { clinician: VerifiedClinician; now?: Date }) {
  const now = args.now ?? new Date()
  const { clinician } = args
  const inForce = { orgId: clinician.orgId, granteeDid: { in: [clinician.did, clinician.hospitalDid] }, revokedAt: null, validFrom: { lte: now }, validUntil: { gt: now } }
  const candidates = await deps.db.consent.findMany({ where: inForce, orderBy: { validUntil: 'desc' }, take: 500 })
  const signed = await Promise.all(
    candidates.map(async (c) => ((await checkSignedConsent(deps.verifier, c, { patientDid: c.patientDid, hospitalDid: clinician.hospitalDid, now })).ok ? c : null)),
  )
  const verifiedIds = signed.flatMap((c) => (c ? [c.id] : []))

  return deps.db.$transaction(async (tx) => {
    // Read again inside the transaction: a consent revoked since the check above is no longer in force.
    const consents = verifiedIds.length ? await tx.consent.findMany({ where: { ...inForce, id: { in: verifiedIds } }, orderBy: { validUntil: 'desc' } }) : []
    const patients = consents.length
      ? await tx.patient.findMany({ where: { id: { in: [...new Set(consents.map((c) => c.patientId))] }, orgId: clinician.orgId, erasedAt: null }, orderBy: { createdAt: 'asc' } })
      : []
    const listed = patients.flatMap((p) => {
      const mine = consents.filter((c) => c.patientId === p.id && c.patientDid === p.did)
      return mine.length ? [{ patient: p, consents: mine }] : []
    })
    await appendAuditEntry(tx, {
      actorType: 'DID',
      actor: clinician.did,
      orgId: clinician.orgId,
      action: 'records.list_consented',
      subjectType: 'PATIENT',
      decision: 'GRANTED',
      details: {
        sessionId: clinician.sessionId,
        count: listed.length,
        patients: listed.map((l) => l.patient.id),
        consents: listed.flatMap((l) => l.consents.map((c) => c.id)),
      },
      at: now,
    })
    return listed.map(({ patient, consents: mine }) => ({
      patientId: patient.id,
      did: patient.did,
      profile: readProfileOrNull(deps.masterKey, patient),
      consents: mine.map((c) => ({ ...c, categories: parseCategories(c.categories), status: consentStatus(c, now) })),
    }))
  })
}
