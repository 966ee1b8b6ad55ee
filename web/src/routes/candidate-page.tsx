/**
 * One candidate: while invited, the request link and its QR code, and the page polls until the candidate's
 * wallet has answered; then the verification report, check by check in plain words; then hire (issue staff
 * privileges) or decline. While a hire is in progress (HIRING, possibly started from another tab) the page
 * says so and polls until it completes or falls back to VERIFIED.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Alert, ErrorBanner } from '../components/alert.tsx'
import { Badge } from '../components/badge.tsx'
import { Button } from '../components/button.tsx'
import { CheckboxGroup } from '../components/checkbox-group.tsx'
import { ConfirmDialog } from '../components/confirm-dialog.tsx'
import { CopyButton } from '../components/copy-button.tsx'
import { QrCode } from '../components/qr-code.tsx'
import { Loading, Spinner } from '../components/spinner.tsx'
import { TextareaField } from '../components/textarea-field.tsx'
import { TextField } from '../components/text-field.tsx'
import { VerificationReportView } from '../components/verification-report.tsx'
import { RECORD_CATEGORIES } from '../credentials/labels.ts'
import { firstInvalid, serverFieldErrors, type FieldErrors } from '../forms/field-errors.ts'
import { addDays, formatDate, formatDateTime, toDateInputValue, todayInputValue } from '../format.ts'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest } from '../graphql/client.ts'
import { CANDIDATE_QUERY, HIRE_CANDIDATE_MUTATION, REJECT_CANDIDATE_MUTATION, RENEW_CANDIDATE_REQUEST_MUTATION } from '../graphql/hiring-operations.ts'
import type { Candidate } from '../graphql/types.ts'
import { useQuery } from '../graphql/use-query.ts'
import { stageHint, stageLabel, stageTone } from '../hiring/stages.ts'
import { Link, useParams } from '../router/router.tsx'
import { useStaffAccount } from '../session/session-context.tsx'
import { hospitalWalletLink } from './home-page.tsx'

const POLL_MS = 2500

export function CandidatePage() {
  const { id = '' } = useParams()
  const [waiting, setWaiting] = useState(true)
  const result = useQuery(CANDIDATE_QUERY, { id }, { pollIntervalMs: waiting ? POLL_MS : undefined })
  const stage = result.status === 'success' ? result.data.candidate.stage : undefined
  useEffect(() => setWaiting(stage === undefined || stage === 'INVITED' || stage === 'HIRING'), [stage])

  return (
    <div className="page-width page">
      <p className="eyebrow">
        <Link to="/hiring">Hiring</Link>
      </p>
      {result.status === 'loading' ? <Loading label="Loading the candidate…" /> : null}
      {result.status === 'error' ? (
        <>
          <h1>Candidate</h1>
          <ErrorBanner
            error={result.error}
            title="The candidate could not be loaded"
            {...(result.error.code === 'NOT_FOUND' ? { message: 'There is no candidate with this identifier at your hospital.' } : { onRetry: result.refetch })}
          />
        </>
      ) : null}
      {result.status === 'success' ? (
        <CandidateView
          candidate={result.data.candidate}
          pollFailed={result.pollError !== null}
          onChange={(candidate) => result.replace({ candidate })}
          onHireConflict={() => setWaiting(true)}
        />
      ) : null}
    </div>
  )
}

function CandidateView({
  candidate,
  pollFailed,
  onChange,
  onHireConflict,
}: {
  candidate: Candidate
  pollFailed: boolean
  onChange: (candidate: Candidate) => void
  /** A hire was refused as a conflict: someone else is hiring (or hired) this candidate; keep the page current. */
  onHireConflict: () => void
}) {
  const account = useStaffAccount()
  const [notice, setNotice] = useState<string | null>(null)
  const update = (next: Candidate, message: string) => {
    onChange(next)
    setNotice(message)
  }
  return (
    <>
      <header className="page-header page-header--actions">
        <div>
          <h1>{candidate.name}</h1>
          <p className="lead">{candidate.email ?? 'No email given'}</p>
        </div>
        <div className="page-header__actions">
          <Badge tone={stageTone(candidate.stage)}>{stageLabel(candidate.stage)}</Badge>
        </div>
      </header>
      <p className="muted stage-hint">{stageHint(candidate.stage)}</p>
      {notice ? (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      ) : null}
      {pollFailed ? (
        <Alert tone="warning">
          <p>We lost contact with CredGate for a moment; this page may be out of date. It keeps trying.</p>
        </Alert>
      ) : null}

      {candidate.stage === 'INVITED' ? <RequestPanel candidate={candidate} onRenewed={(c) => update(c, 'A new request was created. Send the new link.')} /> : null}

      {candidate.report && candidate.stage !== 'INVITED' ? (
        <section className="card section" aria-labelledby="report-heading">
          <h2 id="report-heading" className="card__title">
            Verification report
          </h2>
          <p className="card__subtitle">
            {candidate.verifiedAt ? `Checked ${formatDateTime(candidate.verifiedAt)}.` : null} Presented by{' '}
            <code className="identifier">{candidate.holderDid ?? candidate.report.holder ?? 'an unknown holder'}</code>
          </p>
          <VerificationReportView report={candidate.report} subjectName={candidate.name} headingLevel={3} />
        </section>
      ) : null}

      {candidate.stage === 'VERIFIED' ? (
        <HireForm
          candidate={candidate}
          onHired={(c) => update(c, `${c.name} is hired. Their staff privileges are issued to their wallet, which picks them up by itself.`)}
          onConflict={onHireConflict}
        />
      ) : null}

      {candidate.stage === 'HIRING' ? (
        <section className="card section" aria-labelledby="hiring-heading">
          <h2 id="hiring-heading" className="card__title">
            Hiring in progress
          </h2>
          <p className="waiting" role="status">
            <Spinner size="small" /> {candidate.name}’s staff privileges are being issued. This usually takes a few seconds; if it does not complete, the
            candidate returns to “Verified” and can be hired again.
          </p>
        </section>
      ) : null}

      {candidate.stage === 'HIRED' ? (
        <section className="card section" aria-labelledby="hired-heading">
          <h2 id="hired-heading" className="card__title">
            Hired
          </h2>
          <dl className="facts">
            <div className="facts__row">
              <dt>Hired on</dt>
              <dd>{formatDateTime(candidate.hiredAt)}</dd>
            </div>
            {candidate.privilegeCredentialId ? (
              <div className="facts__row">
                <dt>Privilege credential</dt>
                <dd>
                  <code className="identifier">{candidate.privilegeCredentialId}</code>
                </dd>
              </div>
            ) : null}
          </dl>
          <p className="section-text">
            Their licence and privileges are now monitored: <Link to="/staff">see monitored staff</Link>.
          </p>
          <p className="section-text">
            To read patient records, they open their wallet with your hospital’s link:{' '}
            <code className="identifier">{hospitalWalletLink(account.organization.id)}</code>
          </p>
        </section>
      ) : null}

      {candidate.stage === 'FAILED' ? (
        <section className="card section" aria-labelledby="next-heading">
          <h2 id="next-heading" className="card__title">
            What next
          </h2>
          <p>If the candidate can fix the problem (for example by presenting a current licence), send them a new request.</p>
          <RenewButton candidate={candidate} onRenewed={(c) => update(c, 'A new request was created. Send the new link.')} />
        </section>
      ) : null}

      {candidate.stage === 'VERIFIED' || candidate.stage === 'FAILED' || candidate.stage === 'INVITED' ? (
        <RejectAction candidate={candidate} onRejected={(c) => update(c, `The application of ${c.name} is closed.`)} />
      ) : null}
    </>
  )
}

function RequestPanel({ candidate, onRenewed }: { candidate: Candidate; onRenewed: (candidate: Candidate) => void }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000)
    return () => window.clearInterval(timer)
  }, [])
  const expired = new Date(candidate.expiresAt).getTime() <= now

  return (
    <section className="card section" aria-labelledby="request-heading">
      <h2 id="request-heading" className="card__title">
        Credential request
      </h2>
      {expired ? (
        <Alert tone="warning" title="This request has expired">
          <p>The candidate can no longer answer it. Create a new request and send the new link.</p>
          <RenewButton candidate={candidate} onRenewed={onRenewed} />
        </Alert>
      ) : (
        <div className="request">
          <div className="request__qr">
            <QrCode value={candidate.requestUrl} label={`QR code of the credential request link for ${candidate.name}`} />
          </div>
          <div className="request__text">
            <p>
              Send this link to {candidate.name}, or let them scan the code with their phone. It opens their CredGate wallet, shows what you ask for,
              and lets them choose what to present.
            </p>
            <div className="link-box">
              <a href={candidate.requestUrl} className="link-box__url" data-testid="request-url">
                {candidate.requestUrl}
              </a>
              <CopyButton value={candidate.requestUrl} label="request link" />
            </div>
            <p className="muted">Valid until {formatDateTime(candidate.expiresAt)}. It works once.</p>
            <p className="waiting" role="status">
              <Spinner size="small" /> Waiting for {candidate.name} to present. This page updates by itself.
            </p>
          </div>
        </div>
      )}
    </section>
  )
}

function RenewButton({ candidate, onRenewed }: { candidate: Candidate; onRenewed: (candidate: Candidate) => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const renew = async () => {
    setBusy(true)
    setError(null)
    try {
      const { renewCandidateRequest } = await gqlRequest(RENEW_CANDIDATE_REQUEST_MUTATION, { id: candidate.id })
      onRenewed(renewCandidateRequest)
    } catch (caught) {
      setError(toApiError(caught))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      {error ? <ErrorBanner error={error} title="No new request was created" /> : null}
      <Button variant="secondary" busy={busy} onClick={renew}>
        Send a new request
      </Button>
    </>
  )
}

type HireField = 'role' | 'department' | 'recordCategories' | 'validUntil'
const HIRE_FIELDS: readonly HireField[] = ['role', 'department', 'recordCategories', 'validUntil']
const HIRE_LABELS: Record<HireField, string> = { role: 'Role', department: 'Department', recordCategories: 'Record categories', validUntil: 'Privileges valid until' }

function HireForm({ candidate, onHired, onConflict }: { candidate: Candidate; onHired: (candidate: Candidate) => void; onConflict: () => void }) {
  const [role, setRole] = useState('')
  const [department, setDepartment] = useState('')
  const [recordCategories, setRecordCategories] = useState<string[]>([])
  const [validUntil, setValidUntil] = useState(() => toDateInputValue(addDays(new Date(), 365)))
  const [errors, setErrors] = useState<FieldErrors<HireField>>({})
  const [formError, setFormError] = useState<{ error: ApiError; other: string[] } | null>(null)
  const [busy, setBusy] = useState(false)
  const refs = useRef<Partial<Record<HireField, HTMLInputElement | null>>>({})

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    const clientErrors: FieldErrors<HireField> = {}
    if (role.trim().length < 2) clientErrors.role = 'Enter the role, e.g. Attending physician.'
    if (department.trim().length < 2) clientErrors.department = 'Enter the department, e.g. Emergency.'
    if (recordCategories.length === 0) clientErrors.recordCategories = 'Choose at least one category of records this person may read.'
    if (!validUntil) clientErrors.validUntil = 'Enter the date the privileges end.'
    else if (validUntil <= todayInputValue()) clientErrors.validUntil = 'The end date must be in the future.'
    setErrors(clientErrors)
    setFormError(null)
    const first = firstInvalid(HIRE_FIELDS, clientErrors)
    if (first) {
      refs.current[first]?.focus()
      return
    }
    setBusy(true)
    try {
      const { hireCandidate } = await gqlRequest(HIRE_CANDIDATE_MUTATION, { id: candidate.id, role: role.trim(), department: department.trim(), recordCategories, validUntil })
      onHired(hireCandidate)
    } catch (error) {
      const apiError = toApiError(error)
      // Hired or being hired from elsewhere (another tab, another person): the page polls until it shows that.
      if (apiError.code === 'CONFLICT') onConflict()
      const server = serverFieldErrors(apiError, HIRE_LABELS, (path) => {
        const field = path.replace(/^(claims|input)\./, '').split('.')[0] ?? ''
        return (HIRE_FIELDS as readonly string[]).includes(field) ? (field as HireField) : undefined
      })
      setErrors(server.fields)
      setFormError({ error: apiError, other: server.other })
      setBusy(false)
      const firstServer = firstInvalid(HIRE_FIELDS, server.fields)
      if (firstServer) refs.current[firstServer]?.focus()
    }
  }

  return (
    <section className="card section" aria-labelledby="hire-heading">
      <h2 id="hire-heading" className="card__title">
        Hire {candidate.name}
      </h2>
      <p className="card__subtitle">Issues a staff privilege credential to the candidate’s wallet and starts monitoring their licence.</p>
      {formError ? <ErrorBanner error={formError.error} title="Not hired yet" {...(formError.other.length ? { message: formError.other.join(' ') } : {})} /> : null}
      <form className="form" onSubmit={handleSubmit} noValidate aria-label={`Hire ${candidate.name}`}>
        <div className="form-grid">
          <TextField
            ref={(el) => {
              refs.current.role = el
            }}
            label={HIRE_LABELS.role}
            name="role"
            required
            value={role}
            onChange={(event) => setRole(event.target.value)}
            error={errors.role}
          />
          <TextField
            ref={(el) => {
              refs.current.department = el
            }}
            label={HIRE_LABELS.department}
            name="department"
            required
            value={department}
            onChange={(event) => setDepartment(event.target.value)}
            error={errors.department}
          />
        </div>
        <CheckboxGroup
          ref={(el) => {
            refs.current.recordCategories = el
          }}
          legend={HIRE_LABELS.recordCategories}
          name="recordCategories"
          hint="Which kinds of patient records this person may read (always with the patient’s consent)."
          options={RECORD_CATEGORIES}
          value={recordCategories}
          onChange={setRecordCategories}
          error={errors.recordCategories}
          columns
        />
        <TextField
          ref={(el) => {
            refs.current.validUntil = el
          }}
          label={HIRE_LABELS.validUntil}
          name="validUntil"
          type="date"
          min={todayInputValue()}
          required
          value={validUntil}
          onChange={(event) => setValidUntil(event.target.value)}
          error={errors.validUntil}
          className="field--narrow"
        />
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            {busy ? 'Hiring…' : 'Hire and issue privileges'}
          </Button>
        </div>
      </form>
      <p className="muted section-text">Their licence is valid until {formatDate(candidate.report?.credentials[0]?.expirationDate ?? null)}.</p>
    </section>
  )
}

function RejectAction({ candidate, onRejected }: { candidate: Candidate; onRejected: (candidate: Candidate) => void }) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | undefined>()
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const reasonRef = useRef<HTMLTextAreaElement>(null)

  const confirm = async () => {
    if (reason.trim().length < 3) {
      setReasonError('Enter a reason (at least 3 characters). It is kept on record.')
      reasonRef.current?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      const { rejectCandidate } = await gqlRequest(REJECT_CANDIDATE_MUTATION, { id: candidate.id, reason: reason.trim() })
      setOpen(false)
      onRejected(rejectCandidate)
    } catch (caught) {
      const apiError = toApiError(caught)
      const message = apiError.fieldMessage('reason')
      if (message) setReasonError(`Reason: ${message}.`)
      else setError(apiError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="section">
      <Button variant="quiet" onClick={() => setOpen(true)}>
        Close this application (not hired)
      </Button>
      <ConfirmDialog open={open} title={`Close ${candidate.name}’s application?`} confirmLabel="Close application" busy={busy} onConfirm={confirm} onCancel={() => setOpen(false)}>
        <p>The candidate will not be hired and their request link stops working.</p>
        {error ? <ErrorBanner error={error} /> : null}
        <TextareaField
          ref={reasonRef}
          label="Reason"
          name="reason"
          required
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={reasonError}
          maxLength={500}
        />
      </ConfirmDialog>
    </div>
  )
}
