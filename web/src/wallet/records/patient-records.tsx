/**
 * A patient's control over their records, from the wallet: sign in at the hospital that registered them (by
 * presenting their PatientIdentityCredential), grant consent by signing a PatientConsentCredential here
 * (grantee DID, categories, duration — 48 hours unless changed — and purpose), see and revoke consents (a
 * signed request), see every access including break-glass, and request erasure.
 */
import { useRef, useState, type FormEvent } from 'react'
import { Alert, ErrorBanner } from '../../components/alert.tsx'
import { Badge, type BadgeTone } from '../../components/badge.tsx'
import { Button } from '../../components/button.tsx'
import { CheckboxGroup } from '../../components/checkbox-group.tsx'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { EmptyState } from '../../components/empty-state.tsx'
import { Loading } from '../../components/spinner.tsx'
import { TextField } from '../../components/text-field.tsx'
import { actionLabel } from '../../audit/labels.ts'
import { RECORD_CATEGORIES, recordCategoryLabel } from '../../credentials/labels.ts'
import { isDidEthr } from '../../credentials/validation.ts'
import { formatDateTime } from '../../format.ts'
import { toApiError, type ApiError } from '../../graphql/api-error.ts'
import { gqlRequest } from '../../graphql/client.ts'
import {
  CREATE_ACCESS_CHALLENGE_MUTATION,
  GRANT_CONSENT_MUTATION,
  MY_ACCESS_LOG_QUERY,
  MY_CONSENTS_QUERY,
  REQUEST_ERASURE_MUTATION,
  REVOKE_CONSENT_MUTATION,
  SIGN_IN_PATIENT_MUTATION,
  SIGN_OUT_PATIENT_MUTATION,
} from '../../graphql/records-operations.ts'
import type { AccessLogEntry, Consent, PatientSessionInfo } from '../../graphql/types.ts'
import { useQuery } from '../../graphql/use-query.ts'
import { signOwnCredential, signPatientRequest, signPresentation } from '../signing.ts'
import type { HeldCredential, KnownHospital } from '../vault.ts'
import { holderKey, rememberHospital } from '../wallet-store.ts'
import { HospitalChoice } from './hospital-choice.tsx'

const DEFAULT_HOURS = 48
const MAX_HOURS = 30 * 24

interface Session {
  token: string
  info: PatientSessionInfo
  hospitalName: string
}

export function PatientRecords({ credentials, hospitals }: { credentials: readonly HeldCredential[]; hospitals: readonly KnownHospital[] }) {
  const [session, setSession] = useState<Session | null>(null)
  return (
    <section className="card section" aria-labelledby="patient-heading">
      <h2 id="patient-heading" className="card__title">
        Your health records
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
  const identities = credentials.filter((c) => c.type === 'PatientIdentityCredential')
  const names = new Map(identities.map((c) => [c.issuerDid, c.issuerName]))
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
      const { createAccessChallenge: challenge } = await gqlRequest(CREATE_ACCESS_CHALLENGE_MUTATION, { hospitalId, purpose: 'PATIENT_SIGN_IN' })
      const known = hospitals.find((h) => h.id === hospitalId)
      const identity = identities.filter((c) => !known?.did || c.issuerDid === known.did)
      const presentation = await signPresentation(holderKey(), identity.map((c) => c.jwt), challenge.challenge, challenge.domain)
      const { signInPatient } = await gqlRequest(SIGN_IN_PATIENT_MUTATION, { challenge: challenge.challenge, presentation })
      await rememberHospital({ id: hospitalId, did: signInPatient.session.hospitalDid })
      onSignedIn({ token: signInPatient.token, info: signInPatient.session, hospitalName: names.get(signInPatient.session.hospitalDid) ?? 'your hospital' })
    } catch (caught) {
      const apiError = toApiError(caught)
      if (apiError.code === 'NOT_FOUND') setCodeError('No hospital has this code. Check the link your hospital gave you.')
      else setError(apiError)
      setBusy(false)
    }
  }

  return (
    <form className="form" onSubmit={signIn} noValidate aria-label="Open your health records">
      <p>
        You are registered at {identities.map((c) => c.issuerName).join(', ')}. Nobody reads your records without a consent you sign here, except in an
        emergency — and you see every access.
      </p>
      {error ? <ErrorBanner error={error} title="You were not signed in" /> : null}
      <HospitalChoice hospitals={hospitals} names={names} preferDids={[...names.keys()]} value={hospitalId} onChange={setHospitalId} error={codeError} />
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          {busy ? 'Signing in…' : 'Manage consent and access'}
        </Button>
      </div>
    </form>
  )
}

function SignedIn({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const consents = useQuery(MY_CONSENTS_QUERY, {}, { bearer: session.token })
  const log = useQuery(MY_ACCESS_LOG_QUERY, { limit: 100 }, { bearer: session.token, pollIntervalMs: 15_000 })
  const [erased, setErased] = useState(session.info.erased)

  const signOut = async () => {
    await gqlRequest(SIGN_OUT_PATIENT_MUTATION, {}, { bearer: session.token }).catch(() => undefined)
    onSignedOut()
  }

  return (
    <div className="records-session">
      <div className="section-header">
        <p className="records-session__who" role="status">
          Signed in at {session.hospitalName}. Session until {formatDateTime(session.info.expiresAt)}.
        </p>
        <Button variant="secondary" onClick={signOut}>
          Sign out
        </Button>
      </div>
      {erased ? (
        <Alert tone="info" title="Your records were erased">
          <p>The hospital’s copy of your records and its encryption key were destroyed at your request. The audit keeps only that it happened.</p>
        </Alert>
      ) : (
        <GrantConsent session={session} onGranted={consents.refetch} />
      )}

      <section aria-labelledby="consents-heading">
        <h3 id="consents-heading" className="section-title">
          Your consents
        </h3>
        {consents.status === 'loading' ? <Loading label="Loading your consents…" /> : null}
        {consents.status === 'error' ? <ErrorBanner error={consents.error} title="Your consents could not be loaded" onRetry={consents.refetch} /> : null}
        {consents.status === 'success' && consents.data.myConsents.length === 0 ? <EmptyState title="You have not given any consent." /> : null}
        {consents.status === 'success' && consents.data.myConsents.length > 0 ? (
          <ul className="item-list">
            {consents.data.myConsents.map((consent) => (
              <ConsentRow
                key={consent.id}
                consent={consent}
                session={session}
                onRevoked={(revoked) => consents.replace({ myConsents: consents.data.myConsents.map((c) => (c.id === revoked.id ? revoked : c)) })}
              />
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="log-heading">
        <h3 id="log-heading" className="section-title">
          Who accessed your records
        </h3>
        {log.status === 'loading' ? <Loading label="Loading the access history…" /> : null}
        {log.status === 'error' ? <ErrorBanner error={log.error} title="The access history could not be loaded" onRetry={log.refetch} /> : null}
        {log.status === 'success' ? <AccessLog entries={log.data.myAccessLog} /> : null}
      </section>

      {erased ? null : <Erasure session={session} onErased={() => setErased(true)} />}
    </div>
  )
}

type ConsentField = 'granteeDid' | 'categories' | 'hours' | 'purpose'

function GrantConsent({ session, onGranted }: { session: Session; onGranted: () => void }) {
  const [granteeDid, setGranteeDid] = useState('')
  const [categories, setCategories] = useState<string[]>([])
  const [hours, setHours] = useState(String(DEFAULT_HOURS))
  const [purpose, setPurpose] = useState('')
  const [errors, setErrors] = useState<Partial<Record<ConsentField, string>>>({})
  const [error, setError] = useState<ApiError | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const refs = useRef<Partial<Record<ConsentField, HTMLInputElement | null>>>({})

  const grant = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    const next: Partial<Record<ConsentField, string>> = {}
    const duration = Number(hours)
    if (!isDidEthr(granteeDid)) next.granteeDid = 'Enter the DID of the clinician (or hospital) you trust, like did:ethr:0x539:0x…'
    if (categories.length === 0) next.categories = 'Choose at least one kind of record.'
    if (!Number.isInteger(duration) || duration < 1 || duration > MAX_HOURS) next.hours = `Enter a whole number of hours from 1 to ${MAX_HOURS} (30 days).`
    if (purpose.trim().length < 3) next.purpose = 'Say what it is for, e.g. “Cardiology consultation”.'
    setErrors(next)
    setError(null)
    setDone(null)
    const first = (['granteeDid', 'categories', 'hours', 'purpose'] as const).find((f) => next[f])
    if (first) {
      refs.current[first]?.focus()
      return
    }
    setBusy(true)
    try {
      const now = new Date()
      const consent = await signOwnCredential(holderKey(), {
        id: `urn:uuid:${crypto.randomUUID()}`,
        type: ['VerifiableCredential', 'PatientConsentCredential'],
        subject: { id: granteeDid.trim(), recordCategories: categories, purpose: purpose.trim(), custodian: session.info.hospitalDid },
        validFrom: now,
        validUntil: new Date(now.getTime() + duration * 3_600_000),
      })
      const { grantConsent } = await gqlRequest(GRANT_CONSENT_MUTATION, { consent }, { bearer: session.token })
      setDone(`Consent given until ${formatDateTime(grantConsent.validUntil)}. You can revoke it at any time.`)
      setGranteeDid('')
      setCategories([])
      setHours(String(DEFAULT_HOURS))
      setPurpose('')
      onGranted()
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby="grant-heading">
      <h3 id="grant-heading" className="section-title">
        Give consent
      </h3>
      {done ? (
        <Alert tone="success">
          <p>{done}</p>
        </Alert>
      ) : null}
      {error ? <ErrorBanner error={error} title="No consent was given" /> : null}
      <form className="form" onSubmit={grant} noValidate aria-label="Give consent">
        <TextField
          ref={(el) => {
            refs.current.granteeDid = el
          }}
          label="Who may read (their DID)"
          name="granteeDid"
          hint="Ask your clinician for their DID: it is shown in their wallet."
          required
          spellCheck={false}
          autoCapitalize="none"
          value={granteeDid}
          onChange={(event) => setGranteeDid(event.target.value)}
          error={errors.granteeDid}
        />
        <CheckboxGroup
          ref={(el) => {
            refs.current.categories = el
          }}
          legend="Which records"
          name="categories"
          options={RECORD_CATEGORIES}
          value={categories}
          onChange={setCategories}
          error={errors.categories}
          columns
        />
        <div className="form-grid">
          <TextField
            ref={(el) => {
              refs.current.hours = el
            }}
            label="For how long (hours)"
            name="hours"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_HOURS}
            hint="48 hours unless you change it; at most 30 days."
            required
            value={hours}
            onChange={(event) => setHours(event.target.value)}
            error={errors.hours}
          />
          <TextField
            ref={(el) => {
              refs.current.purpose = el
            }}
            label="Purpose"
            name="purpose"
            hint="What the access is for."
            required
            value={purpose}
            onChange={(event) => setPurpose(event.target.value)}
            error={errors.purpose}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            {busy ? 'Signing…' : 'Sign and give consent'}
          </Button>
        </div>
      </form>
    </section>
  )
}

const CONSENT_STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: 'In force', tone: 'success' },
  SCHEDULED: { label: 'Starts later', tone: 'info' },
  EXPIRED: { label: 'Expired', tone: 'neutral' },
  REVOKED: { label: 'Revoked', tone: 'danger' },
}

function ConsentRow({ consent, session, onRevoked }: { consent: Consent; session: Session; onRevoked: (c: Consent) => void }) {
  const [confirm, setConfirm] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const status = CONSENT_STATUS[consent.status] ?? { label: consent.status, tone: 'neutral' as BadgeTone }

  const revoke = async () => {
    setBusy(true)
    setError(null)
    try {
      const { createAccessChallenge: challenge } = await gqlRequest(CREATE_ACCESS_CHALLENGE_MUTATION, { hospitalId: session.info.hospitalId, purpose: 'PATIENT_REQUEST' })
      const request = await signPatientRequest(holderKey(), { challenge: challenge.challenge, domain: challenge.domain, action: 'consent.revoke', target: consent.id })
      const { revokeConsent } = await gqlRequest(REVOKE_CONSENT_MUTATION, { request }, { bearer: session.token })
      setConfirm(false)
      onRevoked(revokeConsent)
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setBusy(false)
    }
  }

  const label = `Consent for ${consent.recordCategories.map(recordCategoryLabel).join(', ')}`
  return (
    <li className="item-list__item" aria-label={label}>
      <div className="item-list__header">
        <span className="item-list__title">{consent.recordCategories.map(recordCategoryLabel).join(', ')}</span>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      <p className="item-list__meta">
        To <span className="identifier-inline">{consent.granteeDid}</span> · {consent.purpose} · {formatDateTime(consent.validFrom)} – {formatDateTime(consent.validUntil)}
        {consent.revokedAt ? ` · revoked ${formatDateTime(consent.revokedAt)}` : ''}
      </p>
      {consent.status === 'ACTIVE' || consent.status === 'SCHEDULED' ? (
        <Button variant="secondary" className="button--danger-outline" onClick={() => setConfirm(true)}>
          Revoke
        </Button>
      ) : null}
      <ConfirmDialog open={confirm} title="Revoke this consent?" confirmLabel="Revoke now" tone="danger" busy={busy} onConfirm={revoke} onCancel={() => setConfirm(false)}>
        <p>Access ends immediately: the next request to read these records is refused.</p>
        {error ? <ErrorBanner error={error} /> : null}
      </ConfirmDialog>
    </li>
  )
}

const BASIS_LABELS: Record<string, string> = { CONSENT: 'your consent', BREAK_GLASS: 'emergency access (break-glass)', SELF: 'you' }

function AccessLog({ entries }: { entries: readonly AccessLogEntry[] }) {
  if (entries.length === 0) return <EmptyState title="Nobody has accessed your records." />
  return (
    <div className="table-wrap">
      <table className="table table--stack">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Allowed by</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => {
            const breakGlass = entry.basis.includes('BREAK_GLASS')
            return (
              <tr key={`${entry.at}-${index}`} className={breakGlass ? 'row--warning' : undefined}>
                <td data-label="When">{formatDateTime(entry.at)}</td>
                <td data-label="Who">
                  <span className="cell-main">{entry.actorName ?? (entry.actorType === 'DID' ? 'A clinician' : 'Hospital staff')}</span>
                  <span className="cell-sub identifier-inline">{entry.actor}</span>
                </td>
                <td data-label="What">
                  <span className="cell-main">
                    {actionLabel(entry.action)}
                    {entry.decision === 'DENIED' ? ' — refused' : ''}
                  </span>
                  {entry.categories.length > 0 ? <span className="cell-sub">{entry.categories.map(recordCategoryLabel).join(', ')}</span> : null}
                </td>
                <td data-label="Allowed by">
                  {breakGlass ? <Badge tone="warning">Break-glass</Badge> : <span>{entry.basis.map((b) => BASIS_LABELS[b] ?? b).join(', ') || '—'}</span>}
                  {entry.breakGlassReason ? <span className="cell-sub">Reason given: {entry.breakGlassReason}</span> : null}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function Erasure({ session, onErased }: { session: Session; onErased: () => void }) {
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const erase = async () => {
    setBusy(true)
    setError(null)
    try {
      const { createAccessChallenge: challenge } = await gqlRequest(CREATE_ACCESS_CHALLENGE_MUTATION, { hospitalId: session.info.hospitalId, purpose: 'PATIENT_REQUEST' })
      const request = await signPatientRequest(holderKey(), { challenge: challenge.challenge, domain: challenge.domain, action: 'records.erase', target: session.info.patientId })
      await gqlRequest(REQUEST_ERASURE_MUTATION, { request }, { bearer: session.token })
      setOpen(false)
      onErased()
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section aria-labelledby="erasure-heading">
      <h3 id="erasure-heading" className="section-title">
        Erase your records
      </h3>
      <p className="muted">The hospital destroys your records and the key that encrypts them. This cannot be undone; all your consents end.</p>
      <Button variant="secondary" className="button--danger-outline" onClick={() => setOpen(true)}>
        Request erasure
      </Button>
      <ConfirmDialog open={open} title="Erase all your records at this hospital?" confirmLabel="Erase my records" tone="danger" busy={busy} onConfirm={erase} onCancel={() => setOpen(false)}>
        <Alert tone="warning" title="This cannot be undone">
          <p>Your records and their encryption key are destroyed. Clinicians will no longer see anything, even in an emergency.</p>
        </Alert>
        {error ? <ErrorBanner error={error} /> : null}
      </ConfirmDialog>
    </section>
  )
}
