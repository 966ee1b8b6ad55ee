/** Consents as their patient sees them, and the patients whose consent is in force for a clinician. */
import type { Db } from '../../db.js'
import type { VerifiedClinician } from '../did-sessions/session-types.js'
import { readProfileOrNull } from '../records/data-keys.js'
import { consentStatus, parseCategories } from './consent-policy.js'

export async function listPatientConsents(db: Db, args: { patientId: string; orgId: string; now?: Date }) {
  const now = args.now ?? new Date()
  const rows = await db.consent.findMany({ where: { patientId: args.patientId, orgId: args.orgId }, orderBy: { createdAt: 'desc' }, take: 500 })
  return rows.map((c) => ({ ...c, categories: parseCategories(c.categories), status: consentStatus(c, now) }))
}

/** Patients (not erased) with a consent in force for this clinician or for the clinician's hospital. */
export async function listConsentedPatients(deps: { db: Db; masterKey: Buffer }, args: { clinician: VerifiedClinician; now?: Date }) {
  const now = args.now ?? new Date()
  const { clinician } = args
  const consents = await deps.db.consent.findMany({
    where: { orgId: clinician.orgId, granteeDid: { in: [clinician.did, clinician.hospitalDid] }, revokedAt: null, validFrom: { lte: now }, validUntil: { gt: now } },
    orderBy: { validUntil: 'desc' },
    take: 1000,
  })
  const patients = await deps.db.patient.findMany({ where: { id: { in: [...new Set(consents.map((c) => c.patientId))] }, orgId: clinician.orgId, erasedAt: null } })
  return patients.map((p) => {
    const mine = consents.filter((c) => c.patientId === p.id)
    return {
      patientId: p.id,
      did: p.did,
      profile: readProfileOrNull(deps.masterKey, p),
      consents: mine.map((c) => ({ ...c, categories: parseCategories(c.categories), status: consentStatus(c, now) })),
    }
  })
}
