/**
 * Is this issuer trusted for this credential? By type:
 *  - ClinicianLicenseCredential: the issuer holds an AccreditationCredential from a trust anchor registered
 *    on this deployment that covers the licence type and jurisdiction, and that accreditation itself
 *    verifies now (signature, dates, not suspended or revoked);
 *  - AccreditationCredential: the issuer is a registered trust anchor;
 *  - StaffPrivilegeCredential, PatientIdentityCredential: the issuer is a hospital registered here (a policy
 *    can narrow that to one hospital).
 * Anything else has no trust rule and is untrusted.
 */
import type { Db } from '../../db.js'
import type { AccreditationClaims } from '../credentials/credential-types.js'
import { trustedAnchorDids } from '../credentials/trust-registry.js'
import { CheckFailure, type CredentialResult } from './report.js'

export type VerifyAccreditation = (jwt: string, now: Date) => Promise<CredentialResult>

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
    const anchors = await trustedAnchorDids(db)
    const candidates = await db.issuedCredential.findMany({
      where: { type: 'AccreditationCredential', subjectDid: issuer, issuerDid: { in: anchors }, status: 'ACTIVE' },
      orderBy: { issuedAt: 'desc' },
      take: 20,
    })
    let lastProblem = 'no accreditation from a trusted anchor'
    for (const c of candidates) {
      const covered = JSON.parse(c.claims) as AccreditationClaims
      if (!covered.licenseTypes.includes(licenseType as never) || !covered.jurisdictions.includes(jurisdiction)) {
        lastProblem = `accreditation does not cover ${licenseType} in ${jurisdiction}`
        continue
      }
      const result = await verifyAccreditation(c.jwt, now)
      if (result.verified) {
        const anchor = await db.organization.findFirst({ where: { did: c.issuerDid }, select: { name: true } })
        return `accredited by ${anchor?.name ?? c.issuerDid} for ${licenseType} in ${jurisdiction}`
      }
      const failed = result.checks.find((ch) => !ch.passed)
      lastProblem = `accreditation ${failed?.code?.toLowerCase() ?? 'does not verify'}: ${failed?.message ?? ''}`
    }
    throw new CheckFailure('ISSUER_UNTRUSTED', `the issuer is not accredited for ${licenseType || 'this licence type'} in ${jurisdiction || 'this jurisdiction'} (${lastProblem})`)
  }
  if (types.includes('AccreditationCredential')) {
    if ((await trustedAnchorDids(db)).includes(issuer)) return 'issued by a registered trust anchor'
    throw new CheckFailure('ISSUER_UNTRUSTED', 'accreditations are trusted only from a registered trust anchor')
  }
  if (types.includes('StaffPrivilegeCredential') || types.includes('PatientIdentityCredential')) {
    const hospital = await db.organization.findFirst({ where: { did: issuer, kind: 'HOSPITAL' }, select: { name: true } })
    if (hospital) return `issued by ${hospital.name}`
    throw new CheckFailure('ISSUER_UNTRUSTED', 'the issuer is not a hospital registered on this platform')
  }
  throw new CheckFailure('ISSUER_UNTRUSTED', `no trust rule for ${types.filter((t) => t !== 'VerifiableCredential').join(', ') || 'this credential'}`)
}
