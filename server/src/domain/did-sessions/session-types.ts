/** Who is behind a clinician or patient session that passed its re-check in this request. */
import type { RecordCategory } from '../credentials/credential-types.js'

export interface VerifiedClinician {
  readonly kind: 'clinician'
  sessionId: string
  did: string
  /** The hospital the session is for. */
  orgId: string
  hospitalDid: string
  /** The name on the clinician's staff privilege. */
  name: string
  /** Record categories the staff privilege covers (an upper bound on what any consent can open). */
  categories: RecordCategory[]
  expiresAt: Date
}

export interface VerifiedPatient {
  readonly kind: 'patient'
  sessionId: string
  did: string
  orgId: string
  hospitalDid: string
  patientId: string
  expiresAt: Date
}

/** A credential a session was opened with: clinicians' carry their JWT, patients' are in the hospital's register. */
export interface SessionCredential {
  id: string
  type: string
  jwt?: string
}
