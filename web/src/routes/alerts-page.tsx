/** Alerts raised for the organisation (denied access, break-glass, repeated failures, staff credential problems): read and acknowledge. */
import { useState } from 'react'
import { ErrorBanner } from '../components/alert.tsx'
import { Badge } from '../components/badge.tsx'
import { Button } from '../components/button.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { Loading } from '../components/spinner.tsx'
import { alertRuleLabel, severityTone } from '../audit/labels.ts'
import { formatDateTime } from '../format.ts'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { ACKNOWLEDGE_ALERT_MUTATION, ALERTS_QUERY } from '../graphql/audit-operations.ts'
import { gqlRequest } from '../graphql/client.ts'
import type { AlertItem } from '../graphql/types.ts'
import { useQuery } from '../graphql/use-query.ts'
import { BreakGlassReviews } from '../components/break-glass-reviews.tsx'
import { useStaffAccount } from '../session/session-context.tsx'

export function AlertsPage() {
  const account = useStaffAccount()
  const [showAll, setShowAll] = useState(false)
  const alerts = useQuery(ALERTS_QUERY, { unacknowledgedOnly: !showAll, limit: 100 }, { pollIntervalMs: 30_000 })

  const acknowledged = (alert: AlertItem) => {
    if (alerts.status !== 'success') return
    const items = alerts.data.alerts.map((a) => (a.id === alert.id ? alert : a)).filter((a) => showAll || !a.acknowledgedAt)
    alerts.replace({ alerts: items })
  }

  return (
    <div className="page-width page">
      <header className="page-header">
        <p className="eyebrow">Oversight</p>
        <h1>Alerts</h1>
        <p className="lead">Events that need a person to look at them. Acknowledge an alert once it has been handled.</p>
      </header>
      <div className="toolbar">
        <label className="choice">
          <input type="checkbox" checked={showAll} onChange={(event) => setShowAll(event.target.checked)} />
          <span>Show acknowledged alerts too</span>
        </label>
      </div>
      <section aria-labelledby="alerts-heading" aria-busy={alerts.status === 'loading'}>
        <h2 id="alerts-heading" className="visually-hidden">
          {showAll ? 'All alerts' : 'Open alerts'}
        </h2>
        {alerts.status === 'loading' ? <Loading label="Loading alerts…" /> : null}
        {alerts.status === 'error' ? <ErrorBanner error={alerts.error} title="Alerts could not be loaded" onRetry={alerts.refetch} /> : null}
        {alerts.status === 'success' && alerts.data.alerts.length === 0 ? (
          <EmptyState title={showAll ? 'No alerts have been raised.' : 'No open alerts.'}>
            <p>{showAll ? 'Alerts appear here when a rule is triggered.' : 'Everything raised so far has been acknowledged.'}</p>
          </EmptyState>
        ) : null}
        {alerts.status === 'success' && alerts.data.alerts.length > 0 ? (
          <ul className="item-list">
            {alerts.data.alerts.map((alert) => (
              <AlertRow key={alert.id} alert={alert} onAcknowledged={acknowledged} />
            ))}
          </ul>
        ) : null}
      </section>
      {account.roles.includes('PRIVACY_OFFICER') ? <BreakGlassReviews /> : null}
    </div>
  )
}

function AlertRow({ alert, onAcknowledged }: { alert: AlertItem; onAcknowledged: (alert: AlertItem) => void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const acknowledge = async () => {
    setBusy(true)
    setError(null)
    try {
      const { acknowledgeAlert } = await gqlRequest(ACKNOWLEDGE_ALERT_MUTATION, { id: alert.id })
      onAcknowledged(acknowledgeAlert)
    } catch (caught) {
      setError(toApiError(caught))
      setBusy(false)
    }
  }
  return (
    <li className="item-list__item card" aria-label={alertRuleLabel(alert.ruleKey)}>
      <div className="item-list__header">
        <span className="item-list__title">{alertRuleLabel(alert.ruleKey)}</span>
        <Badge tone={severityTone(alert.severity)}>{alert.severity.charAt(0).toUpperCase() + alert.severity.slice(1).toLowerCase()}</Badge>
      </div>
      <p>{alert.message}</p>
      <p className="item-list__meta">
        Raised {formatDateTime(alert.createdAt)}
        {alert.auditSeq !== null ? ` · audit entry #${alert.auditSeq}` : ''}
        {alert.acknowledgedAt ? ` · acknowledged ${formatDateTime(alert.acknowledgedAt)}` : ''}
      </p>
      {error ? <ErrorBanner error={error} title="Not acknowledged" /> : null}
      {alert.acknowledgedAt ? null : (
        <Button variant="secondary" busy={busy} onClick={acknowledge} aria-label={`Acknowledge: ${alertRuleLabel(alert.ruleKey)}, raised ${formatDateTime(alert.createdAt)}`}>
          Acknowledge
        </Button>
      )}
    </li>
  )
}
