/** What a patient presents to sign in at a hospital: the PatientIdentityCredential that hospital issued them. */
import type { PresentationDefinition } from '../verification/presentation-policy.js'

export function patientIdentityPolicy(hospital: { did: string }): PresentationDefinition {
  return {
    id: 'credgate-patient-sign-in-v1',
    name: 'Patient sign-in',
    purpose: 'Your patient identity from this hospital',
    input_descriptors: [
      {
        id: 'identity',
        name: 'Patient identity',
        constraints: {
          fields: [
            { path: ['$.type'], filter: { type: 'array', contains: { const: 'PatientIdentityCredential' } } },
            { path: ['$.issuer'], filter: { type: 'string', const: hospital.did } },
          ],
        },
      },
    ],
  }
}
