/**
 * Answering a presentation request opened from a hospital's link (/wallet/present?request=<id>): who asks and
 * for what, the person chooses which credentials to present (those that fit are preselected), the wallet signs
 * a Verifiable Presentation bound to the request's challenge and domain, and submits it.
 */
import { useMemo, useState } from 'react'
import { Alert, ErrorBanner } from '../components/alert.tsx'
import { Button } from '../components/button.tsx'
import { Loading } from '../components/spinner.tsx'
import { credentialTypeLabel } from '../credentials/labels.ts'
import { formatDateTime } from '../format.ts'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest } from '../graphql/client.ts'
import type { PresentationRequest, SubmissionResult } from '../graphql/types.ts'
import { useQuery } from '../graphql/use-query.ts'
import { PRESENTATION_REQUEST_QUERY, SUBMIT_PRESENTATION_MUTATION } from '../graphql/wallet-operations.ts'
import { Link, useSearchParam } from '../router/router.tsx'
import { HeldCredentialCard } from '../wallet/held-credential-card.tsx'
import { readRequirements, satisfies, type Requirement } from '../wallet/pex.ts'
import { signPresentation } from '../wallet/signing.ts'
import { pickupMessage, usePickup } from '../wallet/use-pickup.ts'
import { useLiveStatus } from '../wallet/use-live-status.ts'
import { WalletGate } from '../wallet/wallet-gate.tsx'
import { holderKey, useWallet } from '../wallet/wallet-store.ts'

export function WalletPresentPage() {
  const requestId = useSearchParam('request') ?? ''
  const request = useQuery(PRESENTATION_REQUEST_QUERY, { id: requestId }, { enabled: requestId !== '' })

  return (
    <div className="page-width page wallet">
      <header className="page-header">
        <p className="eyebrow">
          <Link to="/wallet">Your wallet</Link>
        </p>
        <h1>Present your credentials</h1>
      </header>
      {requestId === '' ? (
        <Alert tone="error" title="This link is incomplete">
          <p>The link does not say which request to answer. Open the full link you received.</p>
        </Alert>
      ) : null}
      {requestId !== '' && request.status === 'loading' ? <Loading label="Loading the request…" /> : null}
      {request.status === 'error' ? (
        <ErrorBanner
          error={request.error}
          title="The request could not be opened"
          {...(request.error.code === 'NOT_FOUND' ? { message: 'This request does not exist. Check the link, or ask for a new one.' } : { onRetry: request.refetch })}
        />
      ) : null}
      {request.status === 'success' ? <RequestView request={request.data.presentationRequest} /> : null}
    </div>
  )
}

function RequestView({ request }: { request: PresentationRequest }) {
  const requirements = useMemo(() => readRequirements(request.definition), [request.definition])
  const [submitted, setSubmitted] = useState<SubmissionResult | null>(null)
  const expired = request.status === 'EXPIRED' || new Date(request.expiresAt).getTime() <= Date.now()

  return (
    <>
      <section className="card" aria-labelledby="asker-heading">
        <h2 id="asker-heading" className="card__title">
          {request.organizationName} asks for your credentials
        </h2>
        <p>{request.purpose}</p>
        <RequirementList requirements={requirements} />
        <dl className="facts facts--compact">
          <div className="facts__row">
            <dt>Requested by</dt>
            <dd>
              {request.organizationName}
              <code className="identifier">{request.organizationDid}</code>
            </dd>
          </div>
          <div className="facts__row">
            <dt>Answer before</dt>
            <dd>{formatDateTime(request.expiresAt)}</dd>
          </div>
        </dl>
      </section>

      {submitted ? (
        <SubmittedView result={submitted} organization={request.organizationName} />
      ) : request.status === 'ANSWERED' ? (
        <Alert tone="info" title="This request has already been answered">
          <p>Each request can be answered once. If {request.organizationName} needs your credentials again, ask them for a new link.</p>
        </Alert>
      ) : expired ? (
        <Alert tone="warning" title="This request has expired">
          <p>Ask {request.organizationName} to send you a new link.</p>
        </Alert>
      ) : (
        <div className="section">
          <WalletGate purpose={`Unlock your wallet to answer ${request.organizationName}.`}>
            <ChooseAndPresent request={request} requirements={requirements} onSubmitted={setSubmitted} />
          </WalletGate>
        </div>
      )}
    </>
  )
}

function RequirementList({ requirements }: { requirements: readonly Requirement[] }) {
  if (requirements.length === 0) return null
  return (
    <ul className="requirements" aria-label="What is asked">
      {requirements.map((r) => (
        <li key={r.id}>
          <strong>{r.type ? credentialTypeLabel(r.type) : r.name}</strong>
          {r.constants.length > 0 ? ` (${r.constants.map((c) => `${c.claim === 'jurisdiction' ? 'in' : `${c.claim}:`} ${c.value}`).join(', ')})` : ''}
          {r.purpose ? <span className="requirements__purpose"> — {r.purpose}</span> : null}
        </li>
      ))}
    </ul>
  )
}

function ChooseAndPresent({ request, requirements, onSubmitted }: { request: PresentationRequest; requirements: readonly Requirement[]; onSubmitted: (r: SubmissionResult) => void }) {
  const wallet = useWallet()
  const credentials = wallet.status === 'unlocked' ? wallet.credentials : []
  const { statuses } = useLiveStatus(credentials)
  const { state: pickup, pickup: runPickup } = usePickup()
  const [chosen, setChosen] = useState<Set<string> | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [choiceError, setChoiceError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const fitting = new Set(credentials.filter((c) => requirements.some((r) => satisfies(r, c.jwt))).map((c) => c.id))
  const selected = chosen ?? fitting
  const unmet = requirements.filter((r) => !credentials.some((c) => selected.has(c.id) && satisfies(r, c.jwt)))

  const toggle = (id: string, checked: boolean) => {
    const next = new Set(selected)
    if (checked) next.add(id)
    else next.delete(id)
    setChosen(next)
    setChoiceError(null)
  }

  const present = async () => {
    const jwts = credentials.filter((c) => selected.has(c.id)).map((c) => c.jwt)
    if (jwts.length === 0) {
      setChoiceError('Choose at least one credential to present.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const presentation = await signPresentation(holderKey(), jwts, request.challenge, request.domain)
      const { submitPresentation } = await gqlRequest(SUBMIT_PRESENTATION_MUTATION, { requestId: request.id, presentation })
      onSubmitted(submitPresentation)
    } catch (caught) {
      setError(toApiError(caught))
      setBusy(false)
    }
  }

  const message = pickupMessage(pickup)
  return (
    <section className="card choose" aria-labelledby="choose-heading">
      <div>
        <h2 id="choose-heading" className="card__title">
          Choose what to present
        </h2>
        <p className="card__subtitle">Only what you choose is shared. Credentials that fit the request are already chosen.</p>
      </div>
      {message ? (
        <Alert tone="info">
          <p>{message}</p>
        </Alert>
      ) : null}
      {pickup.status === 'error' ? <ErrorBanner error={pickup.error} title="Your credentials could not be fetched" /> : null}
      {credentials.length === 0 ? (
        <p>Your wallet has no credentials yet. If one was issued to you, fetch it first.</p>
      ) : (
        <fieldset className="fieldset">
          <legend className="visually-hidden">Credentials to present</legend>
          <ul className="held-list">
            {credentials.map((credential) => (
              <li key={credential.id}>
                <HeldCredentialCard
                  credential={credential}
                  live={statuses[credential.id]}
                  selectable={{ checked: selected.has(credential.id), onChange: (checked) => toggle(credential.id, checked) }}
                />
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {unmet.length > 0 && credentials.length > 0 ? (
        <Alert tone="warning" title="Something asked for is not chosen">
          <p>
            Missing: {unmet.map((r) => (r.type ? credentialTypeLabel(r.type) : r.name)).join(', ')}. {request.organizationName} will see that the request is not
            satisfied.
          </p>
        </Alert>
      ) : null}
      {choiceError ? (
        <Alert tone="error">
          <p>{choiceError}</p>
        </Alert>
      ) : null}
      {error ? (
        <ErrorBanner
          error={error}
          title="Your credentials were not sent"
          {...(error.code === 'CONFLICT' ? { message: 'This request was already answered. Ask for a new link if needed.' } : {})}
        />
      ) : null}
      <div className="form-actions">
        <Button busy={busy} onClick={present} disabled={credentials.length === 0}>
          {busy ? 'Signing and sending…' : `Present to ${request.organizationName}`}
        </Button>
        <Button variant="secondary" busy={pickup.status === 'busy'} onClick={runPickup}>
          Check for new credentials
        </Button>
      </div>
    </section>
  )
}

function SubmittedView({ result, organization }: { result: SubmissionResult; organization: string }) {
  return result.verified ? (
    <Alert tone="success" title={`Sent to ${organization}`}>
      <p>Your credentials were verified. {organization} now sees the result; there is nothing else to do.</p>
    </Alert>
  ) : (
    <Alert tone="error" title={`Sent to ${organization}, but not every check passed`}>
      <p>{result.message}. Contact {organization} if you think this is a mistake.</p>
    </Alert>
  )
}
