/**
 * Monitored staff: every hired clinician's licence and privileges with their state (re-checked by the server
 * periodically, or now on request), the alerts that need someone to act (revoked, suspended, expired, cannot
 * be verified, expiring within 30/60/90 days), and a timeline of upcoming expiries.
 */
import { useState } from 'react'
import { Alert, ErrorBanner } from '../components/alert.tsx'
import { Badge, type BadgeTone } from '../components/badge.tsx'
import { Button } from '../components/button.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { ExpiryTimeline, type TimelineItem } from '../components/expiry-timeline.tsx'
import { Loading } from '../components/spinner.tsx'
import { statusLabel, statusTone } from '../credentials/labels.ts'
import { daysUntil, formatDate, formatDateTime, relativeDays } from '../format.ts'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest } from '../graphql/client.ts'
import { MONITORED_STAFF_QUERY, RECHECK_STAFF_MUTATION } from '../graphql/hiring-operations.ts'
import type { MonitoredClinician } from '../graphql/types.ts'
import { useQuery } from '../graphql/use-query.ts'
import { Link } from '../router/router.tsx'

export function StaffMonitoringPage() {
  const staff = useQuery(MONITORED_STAFF_QUERY, {}, { pollIntervalMs: 60_000 })
  const [rechecking, setRechecking] = useState(false)
  const [recheckError, setRecheckError] = useState<ApiError | null>(null)
  const [rechecked, setRechecked] = useState(false)

  const recheck = async () => {
    setRechecking(true)
    setRecheckError(null)
    setRechecked(false)
    try {
      const { recheckStaff } = await gqlRequest(RECHECK_STAFF_MUTATION, {})
      staff.replace({ monitoredStaff: recheckStaff })
      setRechecked(true)
    } catch (error) {
      setRecheckError(toApiError(error))
    } finally {
      setRechecking(false)
    }
  }

  return (
    <div className="page-width page">
      <header className="page-header page-header--actions">
        <div>
          <p className="eyebrow">Hospital</p>
          <h1>Monitored staff</h1>
          <p className="lead">Hired clinicians’ licences and privileges, checked against their issuers’ live status.</p>
        </div>
        <div className="page-header__actions">
          <Button variant="secondary" busy={rechecking} onClick={recheck}>
            {rechecking ? 'Checking…' : 'Re-check everyone now'}
          </Button>
        </div>
      </header>
      {recheckError ? <ErrorBanner error={recheckError} title="The re-check did not complete" /> : null}
      {rechecked ? (
        <Alert tone="success">
          <p>Everyone was re-checked just now.</p>
        </Alert>
      ) : null}

      {staff.status === 'loading' ? <Loading label="Loading monitored staff…" /> : null}
      {staff.status === 'error' ? <ErrorBanner error={staff.error} title="Monitored staff could not be loaded" onRetry={staff.refetch} /> : null}
      {staff.status === 'success' && staff.data.monitoredStaff.length === 0 ? (
        <EmptyState title="Nobody is monitored yet." action={<Link to="/hiring">Go to hiring</Link>}>
          <p>Clinicians appear here once you hire them: their licence and privileges are then checked continuously.</p>
        </EmptyState>
      ) : null}
      {staff.status === 'success' && staff.data.monitoredStaff.length > 0 ? <StaffOverview staff={staff.data.monitoredStaff} /> : null}
    </div>
  )
}

interface StaffAlert {
  key: string
  tone: BadgeTone
  title: string
  text: string
}

function StaffOverview({ staff }: { staff: readonly MonitoredClinician[] }) {
  const now = new Date()
  const alerts = staff.flatMap((person) => alertsFor(person, now))
  const timeline: TimelineItem[] = staff.flatMap((person) => [
    ...(person.licenseExpiresAt ? [{ id: `${person.id}-licence`, name: person.name, kind: 'licence' as const, expiresAt: person.licenseExpiresAt }] : []),
    ...(person.privilegeExpiresAt ? [{ id: `${person.id}-privileges`, name: person.name, kind: 'privileges' as const, expiresAt: person.privilegeExpiresAt }] : []),
  ])

  return (
    <>
      <section className="card section" aria-labelledby="attention-heading">
        <h2 id="attention-heading" className="card__title">
          Needs attention {alerts.length > 0 ? <Badge tone={alerts.some((a) => a.tone === 'danger') ? 'danger' : 'warning'}>{alerts.length}</Badge> : null}
        </h2>
        {alerts.length === 0 ? (
          <p className="muted">Every licence and privilege is in good standing, and nothing expires within 90 days.</p>
        ) : (
          <ul className="attention-list">
            {alerts.map((alert) => (
              <li key={alert.key} className={`attention attention--${alert.tone}`}>
                <Badge tone={alert.tone}>{alert.title}</Badge>
                <span>{alert.text}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card section" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="card__title">
          Upcoming expiries
        </h2>
        <ExpiryTimeline items={timeline} now={now} />
      </section>

      <section className="card section" aria-labelledby="staff-heading">
        <h2 id="staff-heading" className="card__title">
          Everyone monitored ({staff.length})
        </h2>
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">Clinician</th>
                <th scope="col">Licence</th>
                <th scope="col">Privileges</th>
                <th scope="col">Last checked</th>
              </tr>
            </thead>
            <tbody>
              {staff.map((person) => (
                <tr key={person.id}>
                  <td data-label="Clinician">
                    <span className="cell-main">{person.name}</span>
                    <span className="cell-sub">{[person.licenseNumber, person.jurisdiction].filter(Boolean).join(' · ')}</span>
                  </td>
                  <td data-label="Licence">
                    <StateCell state={person.licenseState} expiresAt={person.licenseExpiresAt} />
                  </td>
                  <td data-label="Privileges">
                    {person.privilegeState ? <StateCell state={person.privilegeState} expiresAt={person.privilegeExpiresAt} /> : <span className="muted">None issued</span>}
                  </td>
                  <td data-label="Last checked">{formatDateTime(person.lastCheckedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  )
}

function StateCell({ state, expiresAt }: { state: string; expiresAt: string | null }) {
  return (
    <>
      <Badge tone={statusTone(state)}>{statusLabel(state)}</Badge>
      {expiresAt ? (
        <span className="cell-sub">
          {daysUntil(expiresAt) < 0 ? 'Expired' : 'Expires'} {formatDate(expiresAt)} ({relativeDays(expiresAt)})
        </span>
      ) : null}
    </>
  )
}

const STATE_ALERTS: Record<string, { tone: BadgeTone; title: string; text: (what: string, name: string) => string }> = {
  REVOKED: { tone: 'danger', title: 'Revoked', text: (what, name) => `${name}’s ${what} was revoked by its issuer. They must not practise under it.` },
  SUSPENDED: { tone: 'danger', title: 'Suspended', text: (what, name) => `${name}’s ${what} is suspended by its issuer.` },
  EXPIRED: { tone: 'danger', title: 'Expired', text: (what, name) => `${name}’s ${what} has expired.` },
  UNVERIFIABLE: {
    tone: 'danger',
    title: 'Cannot verify',
    text: (what, name) => `${name}’s ${what} could not be verified at the last check (for example, the issuer’s status list was unreachable).`,
  },
}

function alertsFor(person: MonitoredClinician, now: Date): StaffAlert[] {
  const out: StaffAlert[] = []
  const consider = (what: 'licence' | 'privileges', state: string | null, expiresAt: string | null) => {
    if (!state) return
    const stateAlert = STATE_ALERTS[state]
    if (stateAlert) {
      out.push({ key: `${person.id}-${what}-${state}`, tone: stateAlert.tone, title: stateAlert.title, text: stateAlert.text(what, person.name) })
      return
    }
    if (!expiresAt) return
    const days = daysUntil(expiresAt, now)
    const bucket = days <= 30 ? 30 : days <= 60 ? 60 : days <= 90 ? 90 : undefined
    if (bucket) {
      out.push({
        key: `${person.id}-${what}-expiring`,
        tone: bucket === 30 ? 'danger' : 'warning',
        title: `Expires within ${bucket} days`,
        text: `${person.name}’s ${what} expire${what === 'licence' ? 's' : ''} on ${formatDate(expiresAt)} (${relativeDays(expiresAt, now)}).`,
      })
    }
  }
  consider('licence', person.licenseState, person.licenseExpiresAt)
  consider('privileges', person.privilegeState, person.privilegeExpiresAt)
  return out.sort((a, b) => (a.tone === b.tone ? 0 : a.tone === 'danger' ? -1 : 1))
}
