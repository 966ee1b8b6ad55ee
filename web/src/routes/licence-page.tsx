/**
 * One licence: its fields, holder, validity and status history, and the board's actions on it — suspend,
 * reinstate, revoke — each confirmed in a dialog with a reason. Revocation is final and says so.
 */
import { useRef, useState } from 'react'
import { Alert, ErrorBanner } from '../components/alert.tsx'
import { Badge } from '../components/badge.tsx'
import { Button } from '../components/button.tsx'
import { ConfirmDialog } from '../components/confirm-dialog.tsx'
import { CopyButton } from '../components/copy-button.tsx'
import { Loading } from '../components/spinner.tsx'
import { TextareaField } from '../components/textarea-field.tsx'
import { claimLabel, claimsObject, claimText, parseClaims, statusActionLabel, statusLabel, statusTone } from '../credentials/labels.ts'
import { formatDate, formatDateTime } from '../format.ts'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest } from '../graphql/client.ts'
import { CHANGE_CREDENTIAL_STATUS_MUTATION, ISSUED_CREDENTIAL_QUERY } from '../graphql/credential-operations.ts'
import type { IssuedCredentialWithHistory, StatusAction } from '../graphql/types.ts'
import { useQuery } from '../graphql/use-query.ts'
import { Link, useParams } from '../router/router.tsx'

const ACTIONS: Record<StatusAction, { button: string; title: string; confirm: string; done: string }> = {
  suspend: { button: 'Suspend', title: 'Suspend this licence?', confirm: 'Suspend licence', done: 'The licence is suspended.' },
  reinstate: { button: 'Reinstate', title: 'Reinstate this licence?', confirm: 'Reinstate licence', done: 'The licence is active again.' },
  revoke: { button: 'Revoke', title: 'Revoke this licence permanently?', confirm: 'Revoke permanently', done: 'The licence is revoked.' },
}

export function LicencePage() {
  const { id = '' } = useParams()
  const result = useQuery(ISSUED_CREDENTIAL_QUERY, { id })
  const [done, setDone] = useState<string | null>(null)

  return (
    <div className="page-width page">
      <p className="eyebrow">
        <Link to="/licences">Licences</Link>
      </p>
      {result.status === 'loading' ? <Loading label="Loading the licence…" /> : null}
      {result.status === 'error' ? (
        <>
          <h1>Licence</h1>
          <ErrorBanner
            error={result.error}
            title="The licence could not be loaded"
            {...(result.error.code === 'NOT_FOUND' ? { message: 'There is no licence with this identifier in your board’s register.' } : { onRetry: result.refetch })}
          />
        </>
      ) : null}
      {result.status === 'success' ? (
        <LicenceDetails
          credential={result.data.issuedCredential}
          done={done}
          onChanged={(credential, message) => {
            result.replace({ issuedCredential: credential })
            setDone(message)
          }}
        />
      ) : null}
    </div>
  )
}

function LicenceDetails({
  credential,
  done,
  onChanged,
}: {
  credential: IssuedCredentialWithHistory
  done: string | null
  onChanged: (credential: IssuedCredentialWithHistory, message: string) => void
}) {
  const claims = claimsObject(credential.claims)
  const entries = parseClaims(credential.claims).filter(([key]) => key !== 'id')
  const name = typeof claims.name === 'string' ? claims.name : 'Licence'

  return (
    <>
      <header className="page-header page-header--actions">
        <div>
          <h1>{name}</h1>
          <p className="lead">
            {String(claims.licenseType ?? '')} licence {String(claims.licenseNumber ?? '')} · {String(claims.jurisdiction ?? '')}
          </p>
        </div>
        <div className="page-header__actions">
          <Badge tone={statusTone(credential.status)}>{statusLabel(credential.status)}</Badge>
        </div>
      </header>

      {done ? (
        <Alert tone="success">
          <p>{done}</p>
        </Alert>
      ) : null}
      {credential.status === 'REVOKED' ? (
        <Alert tone="warning" title="This licence is revoked">
          <p>Revocation is final. Verifiers reject it{credential.statusReason ? ` (reason: ${credential.statusReason})` : ''}.</p>
        </Alert>
      ) : null}
      {credential.status === 'SUSPENDED' ? (
        <Alert tone="warning" title="This licence is suspended">
          <p>Verifiers reject it until it is reinstated{credential.statusReason ? ` (reason: ${credential.statusReason})` : ''}.</p>
        </Alert>
      ) : null}

      <div className="grid grid--two">
        <section className="card" aria-labelledby="fields-heading">
          <h2 id="fields-heading" className="card__title">
            Licence details
          </h2>
          <dl className="facts">
            {entries.map(([key, value]) => (
              <div className="facts__row" key={key}>
                <dt>{claimLabel(key)}</dt>
                <dd>{claimText(key, value)}</dd>
              </div>
            ))}
            <div className="facts__row">
              <dt>Issued</dt>
              <dd>{formatDateTime(credential.issuedAt)}</dd>
            </div>
            <div className="facts__row">
              <dt>Valid until</dt>
              <dd>{formatDate(credential.validUntil)}</dd>
            </div>
            <div className="facts__row">
              <dt>Holder DID</dt>
              <dd className="facts__value--with-action">
                <code className="identifier">{credential.subjectDid}</code>
                <CopyButton value={credential.subjectDid} label="holder DID" />
              </dd>
            </div>
            <div className="facts__row">
              <dt>Credential ID</dt>
              <dd>
                <code className="identifier">{credential.id}</code>
              </dd>
            </div>
            {credential.supersedesId ? (
              <div className="facts__row">
                <dt>Replaces</dt>
                <dd>
                  <Link to={`/licences/${encodeURIComponent(credential.supersedesId)}`}>the earlier licence</Link>
                </dd>
              </div>
            ) : null}
            {credential.supersededById ? (
              <div className="facts__row">
                <dt>Replaced by</dt>
                <dd>
                  <Link to={`/licences/${encodeURIComponent(credential.supersededById)}`}>a newer licence</Link>
                </dd>
              </div>
            ) : null}
          </dl>
        </section>

        <div className="stack">
          <StatusActions credential={credential} onChanged={onChanged} />
          <section className="card" aria-labelledby="history-heading">
            <h2 id="history-heading" className="card__title">
              Status history
            </h2>
            {credential.statusHistory.length === 0 ? (
              <p className="muted">No status changes recorded.</p>
            ) : (
              <ol className="timeline">
                {credential.statusHistory.map((event, index) => (
                  <li key={`${event.at}-${index}`} className="timeline__item">
                    <p className="timeline__title">
                      <Badge tone={statusTone(event.action === 'ISSUED' || event.action === 'REINSTATED' ? 'ACTIVE' : event.action)}>
                        {statusActionLabel(event.action)}
                      </Badge>{' '}
                      <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                    </p>
                    {event.reason ? <p className="timeline__text">Reason: {event.reason}</p> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>
    </>
  )
}

function StatusActions({ credential, onChanged }: { credential: IssuedCredentialWithHistory; onChanged: (credential: IssuedCredentialWithHistory, message: string) => void }) {
  const [action, setAction] = useState<StatusAction | null>(null)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | undefined>()
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const reasonRef = useRef<HTMLTextAreaElement>(null)

  if (credential.status === 'REVOKED') return null
  const available: StatusAction[] = credential.status === 'SUSPENDED' ? ['reinstate', 'revoke'] : ['suspend', 'revoke']

  const open = (next: StatusAction) => {
    setAction(next)
    setReason('')
    setReasonError(undefined)
    setError(null)
  }

  const confirm = async () => {
    if (!action) return
    if (reason.trim().length < 3) {
      setReasonError('Enter a reason (at least 3 characters). It is kept in the licence’s history and the audit log.')
      reasonRef.current?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      const { changeCredentialStatus } = await gqlRequest(CHANGE_CREDENTIAL_STATUS_MUTATION, { id: credential.id, action, reason: reason.trim() })
      const message = ACTIONS[action].done
      setAction(null)
      onChanged(changeCredentialStatus, message)
    } catch (caught) {
      const apiError = toApiError(caught)
      const reasonMessage = apiError.fieldMessage('reason')
      if (reasonMessage) setReasonError(`Reason ${reasonMessage}.`)
      else setError(apiError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="actions-heading">
      <h2 id="actions-heading" className="card__title">
        Change status
      </h2>
      <p className="card__subtitle">Verifiers see a change at their next check: status lists are read live.</p>
      <div className="button-row">
        {available.map((a) => (
          <Button key={a} variant="secondary" className={a === 'revoke' ? 'button--danger-outline' : undefined} onClick={() => open(a)}>
            {ACTIONS[a].button}
          </Button>
        ))}
      </div>
      <ConfirmDialog
        open={action !== null}
        title={action ? ACTIONS[action].title : ''}
        confirmLabel={action ? ACTIONS[action].confirm : ''}
        tone={action === 'revoke' ? 'danger' : 'default'}
        busy={busy}
        onConfirm={confirm}
        onCancel={() => setAction(null)}
      >
        {action === 'revoke' ? (
          <Alert tone="warning" title="Revocation is final">
            <p>A revoked licence can never be reinstated. To correct a mistake later, the board must issue a new licence.</p>
          </Alert>
        ) : null}
        {action === 'suspend' ? <p>The licence stops verifying until you reinstate it.</p> : null}
        {action === 'reinstate' ? <p>The licence verifies again from the next check.</p> : null}
        {error ? <ErrorBanner error={error} /> : null}
        <TextareaField
          ref={reasonRef}
          label="Reason"
          name="reason"
          required
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={reasonError}
          hint="Recorded in the status history and the audit log."
          maxLength={500}
        />
      </ConfirmDialog>
    </section>
  )
}
