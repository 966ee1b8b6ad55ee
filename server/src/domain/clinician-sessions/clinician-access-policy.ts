/**
 * What a clinician presents to open a records session at a hospital (DIF Presentation Exchange v2): an
 * active licence for the hospital's jurisdiction (its board's accreditation is checked by the verifier's
 * issuer-trust step) and a StaffPrivilegeCredential issued by *this* hospital.
 */
import type { PresentationDefinition } from '../verification/presentation-policy.js'

export function clinicianAccessPolicy(hospital: { did: string; jurisdiction: string | null }): PresentationDefinition {
  return {
    id: 'credgate-records-access-v1',
    name: 'Clinician records access',
    purpose: 'An active licence and current staff privileges at this hospital',
    input_descriptors: [
      {
        id: 'license',
        name: 'Clinician licence',
        constraints: {
          fields: [
            { path: ['$.type'], filter: { type: 'array', contains: { const: 'ClinicianLicenseCredential' } } },
            ...(hospital.jurisdiction ? [{ path: ['$.credentialSubject.jurisdiction'], filter: { type: 'string' as const, const: hospital.jurisdiction } }] : []),
          ],
        },
      },
      {
        id: 'privilege',
        name: 'Staff privileges at this hospital',
        constraints: {
          fields: [
            { path: ['$.type'], filter: { type: 'array', contains: { const: 'StaffPrivilegeCredential' } } },
            { path: ['$.issuer'], filter: { type: 'string', const: hospital.did } },
          ],
        },
      },
    ],
  }
}
