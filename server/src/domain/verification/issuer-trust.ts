/**
 * Is this issuer trusted for this credential? By type:
 *  - ClinicianLicenseCredential: the issuer holds an AccreditationCredential from a trust anchor registered
 *    on this deployment that covers the licence type and jurisdiction, and that accreditation itself
 *    verifies now (signature, dates, not suspended or revoked);
 *  - AccreditationCredential: the issuer is a registered trust anchor;
 *  - StaffPrivilegeCredential, PatientIdentityCredential: the issuer is a hospital registered here (a policy
 *    can narrow that to one hospital);
 *  - PatientConsentCredential: the issuer is a patient, i.e. holds an active PatientIdentityCredential from a
 *    hospital registered here (the records gate then requires the issuer to be *the* patient of the records).
 * Anything else has no trust rule and is untrusted.
 */
import type { Db } from '../../db.js'
import type { AccreditationClaims } from '../credentials/credential-types.js'
import { trustedAnchorDids } from '../credentials/trust-registry.js'
import { TtlCache } from '../ttl-cache.js'
import { CheckFailure, type CredentialResult } from './report.js'

export type VerifyAccreditation = (jwt: string, now: Date) => Promise<CredentialResult>

/**
 * Registrations (which organisations are trust anchors or hospitals, and which accreditations a board holds)
 * are re-read every 5 s per instance. Revocation or suspension of an accreditation is not subject to this:
 * the accreditation credential's own status is checked, fresh, on every verification.
 */
export const TRUST_REGISTRY_TTL_MS = 5_000
const registries = new WeakMap<Db, TtlCache<unknown>>()
function cached<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  let cache = registries.get(db)
  if (!cache) registries.set(db, (cache = new TtlCache<unknown>(TRUST_REGISTRY_TTL_MS)))
  return cache.get(key, load) as Promise<T>
}

export async function checkIssuerTrust(
  db: Db,
  credential: { types: string[]; issuer: string; claims: Record<string, unknown> },
  now: Date,
  verifyAccreditation: VerifyAccreditation,
): Promise<string> {
  const { types, issuer, claims } = credential
  if (types.includes('ClinicianLicenseCredential')) {
    const licenseType = String(claims.licenseType ?? '')
    const jurisdiction = String(claims.jurisdiction ?? '')
    const anchors = await cached(db, 'anchors', () => trustedAnchorDids(db))
    const candidates = await cached(db, `accreditations|${issuer}`, () =>
      db.issuedCredential.findMany({
        where: { type: 'AccreditationCredential', subjectDid: issuer, issuerDid: { in: anchors } },
        orderBy: { issuedAt: 'desc' },
        take: 20,
        select: { id: true, claims: true, jwt: true, issuerDid: true },
      }),
    )
    let lastProblem = 'no accreditation from a trusted anchor'
    for (const c of candidates) {
      const covered = JSON.parse(c.claims) as AccreditationClaims
      if (!covered.licenseTypes.includes(licenseType as never) || !covered.jurisdictions.includes(jurisdiction)) {
        lastProblem = `accreditation does not cover ${licenseType} in ${jurisdiction}`
        continue
      }
      const result = await verifyAccreditation(c.jwt, now)
      if (result.verified) {
        const anchor = await cached(db, `org|${c.issuerDid}`, () => db.organization.findFirst({ where: { did: c.issuerDid }, select: { name: true } }))
        return `accredited by ${anchor?.name ?? c.issuerDid} for ${licenseType} in ${jurisdiction}`
      }
      const failed = result.checks.find((ch) => !ch.passed)
      lastProblem = `accreditation ${failed?.code?.toLowerCase() ?? 'does not verify'}: ${failed?.message ?? ''}`
    }
    throw new CheckFailure('ISSUER_UNTRUSTED', `the issuer is not accredited for ${licenseType || 'this licence type'} in ${jurisdiction || 'this jurisdiction'} (${lastProblem})`)
  }
  if (types.includes('AccreditationCredential')) {
    if ((await cached(db, 'anchors', () => trustedAnchorDids(db))).includes(issuer)) return 'issued by a registered trust anchor'
    throw new CheckFailure('ISSUER_UNTRUSTED', 'accreditations are trusted only from a registered trust anchor')
  }
  if (types.includes('StaffPrivilegeCredential') || types.includes('PatientIdentityCredential')) {
    const hospital = await cached(db, `hospital|${issuer}`, () => db.organization.findFirst({ where: { did: issuer, kind: 'HOSPITAL' }, select: { name: true } }))
    if (hospital) return `issued by ${hospital.name}`
    throw new CheckFailure('ISSUER_UNTRUSTED', 'the issuer is not a hospital registered on this platform')
  }
  if (types.includes('PatientConsentCredential')) {
    const identity = await db.issuedCredential.findFirst({ where: { type: 'PatientIdentityCredential', subjectDid: issuer, status: 'ACTIVE' }, select: { issuerDid: true } })
    const hospital = identity ? await db.organization.findFirst({ where: { did: identity.issuerDid, kind: 'HOSPITAL' }, select: { name: true } }) : null
    if (hospital) return `signed by a patient registered at ${hospital.name}`
    throw new CheckFailure('ISSUER_UNTRUSTED', 'a consent must be signed by a patient registered on this platform')
  }
  throw new CheckFailure('ISSUER_UNTRUSTED', `no trust rule for ${types.filter((t) => t !== 'VerifiableCredential').join(', ') || 'this credential'}`)
}
