/**
 * One credential in the wallet: what it is, who issued it, its main fields and validity, and its live status
 * from CredGate's verification (with every check on request). Optionally a checkbox to choose it for a
 * presentation.
 */
import { useId } from 'react'
import { Badge } from '../components/badge.tsx'
import { CheckList } from '../components/verification-report.tsx'
import { claimLabel, claimText, credentialTypeLabel, statusLabel } from '../credentials/labels.ts'
import { describeError } from '../graphql/error-messages.ts'
import { formatDate } from '../format.ts'
import { explainFailure } from '../verification/check-codes.ts'
import { credentialContents } from './pex.ts'
import type { LiveStatus } from './use-live-status.ts'
import type { HeldCredential } from './vault.ts'

const SHOWN_CLAIMS = ['name', 'licenseType', 'licenseNumber', 'jurisdiction', 'specialty', 'role', 'department', 'recordCategories', 'birthDate', 'medicalRecordNumber']

export interface HeldCredentialCardProps {
  credential: HeldCredential
  live?: LiveStatus | undefined
  selectable?: { checked: boolean; onChange: (checked: boolean) => void }
}

export function HeldCredentialCard({ credential, live, selectable }: HeldCredentialCardProps) {
  const titleId = useId()
  const { claims } = credentialContents(credential.jwt)
  const title = credentialTypeLabel(credential.type)
  const shown = SHOWN_CLAIMS.filter((key) => claims[key] !== undefined)

  return (
    <article className={selectable?.checked ? 'held-credential held-credential--selected' : 'held-credential'} aria-labelledby={titleId} data-credential-type={credential.type}>
      <header className="held-credential__header">
        {selectable ? (
          <label className="held-credential__select">
            <input type="checkbox" checked={selectable.checked} onChange={(event) => selectable.onChange(event.target.checked)} aria-labelledby={titleId} />
            <span className="visually-hidden">Present this credential</span>
          </label>
        ) : null}
        <div className="held-credential__titles">
          <h3 id={titleId} className="held-credential__title">
            {title}
          </h3>
          <p className="held-credential__issuer">from {credential.issuerName}</p>
        </div>
        <LiveBadge live={live} />
      </header>
      <dl className="facts facts--compact">
        {shown.map((key) => (
          <div className="facts__row" key={key}>
            <dt>{claimLabel(key)}</dt>
            <dd>{claimText(key, claims[key])}</dd>
          </div>
        ))}
        <div className="facts__row">
          <dt>Validity</dt>
          <dd>
            {formatDate(credential.issuedAt)} – {formatDate(credential.validUntil)}
          </dd>
        </div>
      </dl>
      <LiveDetails live={live} />
    </article>
  )
}

function LiveBadge({ live }: { live: LiveStatus | undefined }) {
  if (!live || live.status === 'checking') return <Badge tone="neutral">Checking…</Badge>
  if (live.status === 'error') return <Badge tone="warning">Status unknown</Badge>
  if (live.report.verified) return <Badge tone="success">Valid</Badge>
  const failed = live.report.credentials[0]?.checks.find((c) => !c.passed) ?? live.report.checks.find((c) => !c.passed)
  const word = failed?.code === 'REVOKED' || failed?.code === 'SUSPENDED' || failed?.code === 'EXPIRED' ? statusLabel(failed.code) : 'Not valid'
  return <Badge tone="danger">{word}</Badge>
}

function LiveDetails({ live }: { live: LiveStatus | undefined }) {
  if (!live || live.status === 'checking') return null
  if (live.status === 'error') return <p className="muted small">The live status could not be checked: {describeError(live.error)}</p>
  // A credential's report lists its checks twice (top level and under the credential): show them once.
  const checks = live.report.credentials[0]?.checks ?? live.report.checks
  const failed = checks.find((c) => !c.passed)
  return (
    <>
      {failed ? <p className="held-credential__problem">{explainFailure(failed.code)}</p> : null}
      <details className="held-credential__checks">
        <summary>Show the {checks.length} checks</summary>
        <CheckList checks={checks} />
      </details>
    </>
  )
}
