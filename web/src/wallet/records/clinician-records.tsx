/**
 * A clinician's records access from the wallet: sign in at a hospital by presenting their licence and that
 * hospital's staff privileges (signed here, for the hospital's one-time challenge), then see the patients who
 * consented, read what consent and privileges allow, or open break-glass in an emergency. The session token
 * lives in memory only; signing out or locking the wallet ends it.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Alert, ErrorBanner } from '../../components/alert.tsx'
import { Button } from '../../components/button.tsx'
import { EmptyState } from '../../components/empty-state.tsx'
import { Loading } from '../../components/spinner.tsx'
import { TextareaField } from '../../components/textarea-field.tsx'
import { TextField } from '../../components/text-field.tsx'
import { recordCategoryLabel } from '../../credentials/labels.ts'
import { formatDate, formatDateTime } from '../../format.ts'
import { toApiError, type ApiError } from '../../graphql/api-error.ts'
import { gqlRequest } from '../../graphql/client.ts'
import {
  CONSENTED_PATIENTS_QUERY,
  CREATE_ACCESS_CHALLENGE_MUTATION,
  OPEN_BREAK_GLASS_MUTATION,
  PATIENT_RECORDS_QUERY,
  SIGN_IN_CLINICIAN_MUTATION,
  SIGN_OUT_CLINICIAN_MUTATION,
} from '../../graphql/records-operations.ts'
import type { BreakGlassAccess, ClinicianSessionInfo, ConsentedPatient } from '../../graphql/types.ts'
import { useQuery } from '../../graphql/use-query.ts'
import { explainFailure } from '../../verification/check-codes.ts'
import { signPresentation } from '../signing.ts'
import type { HeldCredential, KnownHospital } from '../vault.ts'
import { holderKey, rememberHospital } from '../wallet-store.ts'
import { HospitalChoice } from './hospital-choice.tsx'
import { RecordsList } from './records-list.tsx'

/** Codes with which the server refuses a clinician session whose credentials no longer hold. */
const SESSION_ENDING_CODES: readonly string[] = ['UNAUTHENTICATED', 'REVOKED', 'SUSPENDED', 'EXPIRED', 'KEY_NOT_AUTHORIZED', 'ISSUER_UNTRUSTED']

interface Session {
  token: string
  info: ClinicianSessionInfo
  hospitalName: string
}

export function ClinicianRecords({ credentials, hospitals }: { credentials: readonly HeldCredential[]; hospitals: readonly KnownHospital[] }) {
  const [session, setSession] = useState<Session | null>(null)
  return (
    <section className="card section" aria-labelledby="clinician-records-heading">
      <h2 id="clinician-records-heading" className="card__title">
        Patient records
      </h2>
      {session ? (
        <SignedIn session={session} onSignedOut={() => setSession(null)} />
      ) : (
        <SignInForm credentials={credentials} hospitals={hospitals} onSignedIn={setSession} />
      )}
    </section>
  )
}

function SignInForm({ credentials, hospitals, onSignedIn }: { credentials: readonly HeldCredential[]; hospitals: readonly KnownHospital[]; onSignedIn: (s: Session) => void }) {
  const privileges = credentials.filter((c) => c.type === 'StaffPrivilegeCredential')
  const licences = credentials.filter((c) => c.type === 'ClinicianLicenseCredential')
  const names = new Map(privileges.map((c) => [c.issuerDid, c.issuerName]))
  const fitting = hospitals.filter((h) => !h.did || names.has(h.did))
  const [hospitalId, setHospitalId] = useState(fitting[0]?.id ?? '')
  const [codeError, setCodeError] = useState<string | undefined>()
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)

  const signIn = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    if (!hospitalId) {
      setCodeError('Enter the hospital code from your hospital’s wallet link.')
      return
    }
    setCodeError(undefined)
    setError(null)
    setBusy(true)
    try {
      const { createAccessChallenge: challenge } = await gqlRequest(CREATE_ACCESS_CHALLENGE_MUTATION, { hospitalId, purpose: 'CLINICIAN_SIGN_IN' })
      const known = hospitals.find((h) => h.id === hospitalId)
      const privilege = privileges.filter((c) => !known?.did || c.issuerDid === known.did)
      const presentation = await signPresentation(holderKey(), [...licences.map((c) => c.jwt), ...privilege.map((c) => c.jwt)], challenge.challenge, challenge.domain)
      const { signInClinician } = await gqlRequest(SIGN_IN_CLINICIAN_MUTATION, { challenge: challenge.challenge, presentation })
      await rememberHospital({ id: hospitalId, did: signInClinician.session.hospitalDid })
      onSignedIn({ token: signInClinician.token, info: signInClinician.session, hospitalName: names.get(signInClinician.session.hospitalDid) ?? 'the hospital' })
    } catch (caught) {
      const apiError = toApiError(caught)
      if (apiError.code === 'NOT_FOUND') setCodeError('No hospital has this code. Check the link your hospital gave you.')
      else setError(apiError)
      setBusy(false)
    }
  }

  if (privileges.length === 0 || licences.length === 0) {
    return (
      <p className="muted">
        To read patient records you need a current licence and staff privileges from a hospital in this wallet. Privileges are issued when a hospital hires
        you.
      </p>
    )
  }
  return (
    <form className="form" onSubmit={signIn} noValidate aria-label="Sign in to patient records">
      <p>Sign in with your licence and staff privileges. Your wallet signs the sign-in here; your key never leaves this device.</p>
      {error ? <ErrorBanner error={error} title="You were not signed in" /> : null}
      <HospitalChoice hospitals={hospitals} names={names} preferDids={[...names.keys()]} value={hospitalId} onChange={setHospitalId} error={codeError} />
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          {busy ? 'Signing in…' : 'Sign in to patient records'}
        </Button>
      </div>
    </form>
  )
}

function SignedIn({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const patients = useQuery(CONSENTED_PATIENTS_QUERY, {}, { bearer: session.token })
  const [selected, setSelected] = useState<ConsentedPatient | null>(null)
  const [ended, setEnded] = useState<ApiError | null>(null)

  const signOut = async () => {
    await gqlRequest(SIGN_OUT_CLINICIAN_MUTATION, {}, { bearer: session.token }).catch(() => undefined)
    onSignedOut()
  }

  const sessionEnded = (error: ApiError) => SESSION_ENDING_CODES.includes(error.code)
  const endedError = ended ?? (patients.status === 'error' && sessionEnded(patients.error) ? patients.error : null)
  if (endedError) {
    return (
      <Alert tone="warning" title="Your records session has ended">
        <p>
          {endedError.code === 'UNAUTHENTICATED'
            ? 'Sign in again to continue.'
            : 'One of your credentials is no longer valid (for example your licence was suspended or revoked), so access to records was cut.'}
        </p>
        <Button variant="secondary" onClick={onSignedOut}>
          Back to sign-in
        </Button>
      </Alert>
    )
  }

  return (
    <div className="records-session">
      <div className="section-header">
        <p className="records-session__who" role="status">
          Signed in at {session.hospitalName} as {session.info.name}. Your privileges cover{' '}
          {session.info.recordCategories.map(recordCategoryLabel).join(', ') || 'no category'}. Session until {formatDateTime(session.info.expiresAt)}.
        </p>
        <Button variant="secondary" onClick={signOut}>
          Sign out of records
        </Button>
      </div>

      <h3 className="section-title">Patients who consented</h3>
      {patients.status === 'loading' ? <Loading label="Loading patients…" /> : null}
      {patients.status === 'error' && !sessionEnded(patients.error) ? <ErrorBanner error={patients.error} title="Patients could not be loaded" onRetry={patients.refetch} /> : null}
      {patients.status === 'success' && patients.data.consentedPatients.length === 0 ? (
        <EmptyState title="No patient has given you consent yet.">
          <p>Patients grant consent from their own wallet, naming your DID.</p>
        </EmptyState>
      ) : null}
      {patients.status === 'success' && patients.data.consentedPatients.length > 0 ? (
        <ul className="item-list">
          {patients.data.consentedPatients.map((patient) => (
            <li key={patient.patientId} className="item-list__item">
              <div className="item-list__header">
                <span className="item-list__title">{patient.name ?? 'Patient'}</span>
                <Button variant="secondary" onClick={() => setSelected(patient)} aria-label={`Open the records of ${patient.name ?? 'this patient'}`}>
                  Open records
                </Button>
              </div>
              <p className="item-list__meta">
                {patient.medicalRecordNumber ? `MRN ${patient.medicalRecordNumber} · ` : ''}
                {patient.birthDate ? `born ${formatDate(patient.birthDate)} · ` : ''}
                consent for {[...new Set(patient.consents.flatMap((c) => c.recordCategories))].map(recordCategoryLabel).join(', ')} until{' '}
                {formatDateTime(patient.consents.map((c) => c.validUntil).sort().at(-1))}
              </p>
            </li>
          ))}
        </ul>
      ) : null}

      {selected ? <PatientRecordsView key={selected.patientId} patient={selected} token={session.token} onSessionEnded={setEnded} /> : null}

      <BreakGlass token={session.token} onSessionEnded={setEnded} />
    </div>
  )
}

function PatientRecordsView({ patient, token, onSessionEnded }: { patient: ConsentedPatient; token: string; onSessionEnded: (e: ApiError) => void }) {
  const records = useQuery(PATIENT_RECORDS_QUERY, { patientId: patient.patientId }, { bearer: token })
  const ended = records.status === 'error' && SESSION_ENDING_CODES.includes(records.error.code) ? records.error : null
  useEffect(() => {
    if (ended) onSessionEnded(ended)
  }, [ended, onSessionEnded])
  return (
    <section className="records-panel" aria-label={`Records of ${patient.name ?? 'the patient'}`}>
      <div className="section-header">
        <h3 className="section-title">Records of {patient.name ?? 'the patient'}</h3>
        <Button variant="quiet" onClick={records.refetch}>
          Refresh
        </Button>
      </div>
      {records.status === 'loading' ? <Loading label="Loading records…" /> : null}
      {records.status === 'error' && records.error.code.startsWith('CONSENT_') ? (
        <Alert tone="warning" title="You have no access to these records now">
          <p>{explainFailure(records.error.code)}</p>
        </Alert>
      ) : null}
      {records.status === 'error' && !records.error.code.startsWith('CONSENT_') ? (
        <ErrorBanner error={records.error} title="The records could not be read" onRetry={records.refetch} />
      ) : null}
      {records.status === 'success' ? <RecordsList records={records.data.patientRecords.records} denied={records.data.patientRecords.denied} /> : null}
    </section>
  )
}

function BreakGlass({ token, onSessionEnded }: { token: string; onSessionEnded: (e: ApiError) => void }) {
  const [patientId, setPatientId] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ patientId?: string; reason?: string }>({})
  const [error, setError] = useState<ApiError | null>(null)
  const [access, setAccess] = useState<BreakGlassAccess | null>(null)
  const [busy, setBusy] = useState(false)
  const idRef = useRef<HTMLInputElement>(null)
  const reasonRef = useRef<HTMLTextAreaElement>(null)

  const open = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    const next: typeof errors = {}
    if (!patientId.trim()) next.patientId = 'Enter the patient’s identifier (from their wristband or hospital record).'
    if (reason.trim().length < 10) next.reason = 'Describe the emergency in at least 10 characters. It is reviewed and shown to the patient.'
    setErrors(next)
    setError(null)
    if (next.patientId) return idRef.current?.focus()
    if (next.reason) return reasonRef.current?.focus()
    setBusy(true)
    try {
      const { openBreakGlass } = await gqlRequest(OPEN_BREAK_GLASS_MUTATION, { patientId: patientId.trim(), reason: reason.trim() }, { bearer: token })
      setAccess(openBreakGlass)
    } catch (caught) {
      const apiError = toApiError(caught)
      if (SESSION_ENDING_CODES.includes(apiError.code)) onSessionEnded(apiError)
      else if (apiError.code === 'NOT_FOUND') setErrors({ patientId: 'No patient has this identifier at this hospital.' })
      else if (apiError.fieldMessage('reason')) setErrors({ reason: `Reason: ${apiError.fieldMessage('reason')}.` })
      else setError(apiError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="break-glass" aria-labelledby="break-glass-heading">
      <h3 id="break-glass-heading" className="section-title">
        Emergency access (break-glass)
      </h3>
      {access ? (
        <>
          <Alert tone="warning" title="Emergency access is open">
            <p>
              Until {formatDateTime(access.expiresAt)} you can read this patient’s emergency summary ({access.categories.map(recordCategoryLabel).join(', ')}). This
              access is recorded, flagged for review by the privacy officer and shown to the patient.
            </p>
          </Alert>
          <RecordsList records={access.records} />
          <div className="form-actions section-text">
            <Button variant="secondary" onClick={() => setAccess(null)}>
              Close
            </Button>
          </div>
        </>
      ) : (
        <form className="form" onSubmit={open} noValidate aria-label="Emergency access">
          <p className="muted">
            Only when a patient needs care now and cannot consent. You will see allergies, medications and conditions only. Every use is reviewed and the
            patient is told.
          </p>
          {error ? <ErrorBanner error={error} title="Emergency access was not opened" /> : null}
          <TextField
            ref={idRef}
            label="Patient identifier"
            name="patientId"
            required
            spellCheck={false}
            value={patientId}
            onChange={(event) => setPatientId(event.target.value)}
            error={errors.patientId}
          />
          <TextareaField
            ref={reasonRef}
            label="Reason for emergency access"
            name="reason"
            required
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            error={errors.reason}
            maxLength={500}
          />
          <div className="form-actions">
            <Button type="submit" busy={busy} className="button--danger">
              Open emergency access
            </Button>
          </div>
        </form>
      )}
    </section>
  )
}
