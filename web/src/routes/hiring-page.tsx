/**
 * Hiring: ask a candidate for their credentials (a presentation request built from the hospital's saved
 * "hiring" policy) and follow every candidate through the stages. Each candidate has its own page with the
 * request link, QR code and verification report.
 */
import { useRef, useState, type FormEvent } from 'react'
import { ErrorBanner } from '../components/alert.tsx'
import { Badge } from '../components/badge.tsx'
import { Button } from '../components/button.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { SelectField } from '../components/select-field.tsx'
import { Loading } from '../components/spinner.tsx'
import { TextField } from '../components/text-field.tsx'
import { EMAIL_SHAPE } from '../credentials/validation.ts'
import { firstInvalid, serverFieldErrors, type FieldErrors } from '../forms/field-errors.ts'
import { formatDate } from '../format.ts'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest } from '../graphql/client.ts'
import { CANDIDATES_QUERY, CREATE_CANDIDATE_MUTATION } from '../graphql/hiring-operations.ts'
import { useQuery } from '../graphql/use-query.ts'
import { STAGE_OPTIONS, stageLabel, stageTone } from '../hiring/stages.ts'
import { Link, navigate, useSearchParam } from '../router/router.tsx'

export function HiringPage() {
  const stage = useSearchParam('stage') ?? ''
  const candidates = useQuery(CANDIDATES_QUERY, { stage: stage || null }, { pollIntervalMs: 10_000 })

  return (
    <div className="page-width page">
      <header className="page-header">
        <p className="eyebrow">Hospital</p>
        <h1>Hiring</h1>
        <p className="lead">Request a candidate’s credentials, check them in seconds, and hire.</p>
      </header>

      <div className="grid grid--sidebar">
        <RequestCredentialsForm />

        <section className="card" aria-labelledby="candidates-heading" aria-busy={candidates.status === 'loading'}>
          <div className="section-header">
            <h2 id="candidates-heading" className="card__title">
              Candidates
            </h2>
            <SelectField
              label="Stage"
              name="stage"
              options={STAGE_OPTIONS}
              placeholder="All stages"
              value={stage}
              showOptional={false}
              className="field--inline"
              onChange={(event) => navigate(event.target.value ? `/hiring?stage=${event.target.value}` : '/hiring', { replace: true })}
            />
          </div>
          {candidates.status === 'loading' ? <Loading label="Loading candidates…" /> : null}
          {candidates.status === 'error' ? <ErrorBanner error={candidates.error} title="Candidates could not be loaded" onRetry={candidates.refetch} /> : null}
          {candidates.status === 'success' && candidates.data.candidates.length === 0 ? (
            <EmptyState title={stage ? `No candidate is at the stage “${stageLabel(stage)}”.` : 'No candidates yet.'}>
              {stage ? null : <p>Request credentials from your first candidate with the form.</p>}
            </EmptyState>
          ) : null}
          {candidates.status === 'success' && candidates.data.candidates.length > 0 ? (
            <div className="table-wrap">
              <table className="table table--stack">
                <thead>
                  <tr>
                    <th scope="col">Candidate</th>
                    <th scope="col">Stage</th>
                    <th scope="col">Requested</th>
                  </tr>
                </thead>
                <tbody>
                  {candidates.data.candidates.map((candidate) => (
                    <tr key={candidate.id}>
                      <td data-label="Candidate">
                        <Link to={`/hiring/${encodeURIComponent(candidate.id)}`}>{candidate.name}</Link>
                        {candidate.email ? <span className="cell-sub">{candidate.email}</span> : null}
                      </td>
                      <td data-label="Stage">
                        <Badge tone={stageTone(candidate.stage)}>{stageLabel(candidate.stage)}</Badge>
                      </td>
                      <td data-label="Requested">{formatDate(candidate.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      </div>
    </div>
  )
}

type Field = 'name' | 'email'
const LABELS: Record<Field, string> = { name: 'Candidate’s name', email: 'Email' }

function RequestCredentialsForm() {
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [errors, setErrors] = useState<FieldErrors<Field>>({})
  const [formError, setFormError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const refs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({})

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    const clientErrors: FieldErrors<Field> = {}
    if (name.trim().length < 2) clientErrors.name = 'Enter the candidate’s name.'
    if (email.trim() && !EMAIL_SHAPE.test(email.trim())) clientErrors.email = 'Enter an email address like name@example.org, or leave it empty.'
    setErrors(clientErrors)
    setFormError(null)
    const first = firstInvalid(['name', 'email'], clientErrors)
    if (first) {
      refs.current[first]?.focus()
      return
    }
    setBusy(true)
    try {
      const { createCandidate } = await gqlRequest(CREATE_CANDIDATE_MUTATION, { name: name.trim(), email: email.trim() || null, policy: 'hiring' })
      navigate(`/hiring/${encodeURIComponent(createCandidate.id)}`)
    } catch (error) {
      const apiError = toApiError(error)
      const server = serverFieldErrors(apiError, LABELS)
      setErrors(server.fields)
      setFormError(apiError)
      setBusy(false)
      const firstServer = firstInvalid(['name', 'email'], server.fields)
      if (firstServer) refs.current[firstServer]?.focus()
    }
  }

  return (
    <section className="card" aria-labelledby="request-heading">
      <h2 id="request-heading" className="card__title">
        Request credentials
      </h2>
      <p className="card__subtitle">The candidate gets a link (and a QR code) to answer from their own wallet, with your hiring policy.</p>
      {formError ? (
        <ErrorBanner
          error={formError}
          title="The request was not created"
          {...(formError.code === 'NOT_FOUND' ? { message: 'Your hospital has no saved “hiring” policy yet. Ask an administrator to set one up.' } : {})}
        />
      ) : null}
      <form className="form" onSubmit={handleSubmit} noValidate aria-label="Request credentials">
        <TextField
          ref={(el) => {
            refs.current.name = el
          }}
          label={LABELS.name}
          name="name"
          required
          autoComplete="off"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
        />
        <TextField
          ref={(el) => {
            refs.current.email = el
          }}
          label={LABELS.email}
          name="email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={errors.email}
        />
        <Button type="submit" busy={busy}>
          {busy ? 'Creating the request…' : 'Request credentials'}
        </Button>
      </form>
    </section>
  )
}
