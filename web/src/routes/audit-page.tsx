/**
 * The audit log for privacy officers and auditors: the integrity of the hash chain and its on-chain anchors as
 * a badge, filters (dates, action, decision, actor), the entries newest first with older pages on demand, and
 * CSV / JSON exports of the chosen period.
 */
import { useEffect, useState, type FormEvent } from 'react'
import { ErrorBanner } from '../components/alert.tsx'
import { Badge } from '../components/badge.tsx'
import { Button } from '../components/button.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { SelectField } from '../components/select-field.tsx'
import { Loading, Spinner } from '../components/spinner.tsx'
import { TextField } from '../components/text-field.tsx'
import { ACTION_OPTIONS, actionLabel, DECISION_OPTIONS, decisionLabel, decisionTone } from '../audit/labels.ts'
import { claimLabel } from '../credentials/labels.ts'
import { formatDateTime } from '../format.ts'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { AUDIT_ENTRIES_QUERY, AUDIT_VERIFICATION_QUERY, auditExportUrl } from '../graphql/audit-operations.ts'
import { gqlRequest } from '../graphql/client.ts'
import type { AuditEntry, AuditFilterInput } from '../graphql/types.ts'
import { useQuery } from '../graphql/use-query.ts'

const PAGE_SIZE = 50

interface Filters {
  from: string
  to: string
  action: string
  decision: string
  actor: string
}

const EMPTY: Filters = { from: '', to: '', action: '', decision: '', actor: '' }

export function AuditPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY)
  const [applied, setApplied] = useState<Filters>(EMPTY)
  const [rangeError, setRangeError] = useState<string | undefined>()

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (draft.from && draft.to && draft.to < draft.from) {
      setRangeError('The end date must be on or after the start date.')
      return
    }
    setRangeError(undefined)
    setApplied(draft)
  }

  const range = toRange(applied)
  const set = (key: keyof Filters) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: event.target.value }))

  return (
    <div className="page-width page">
      <header className="page-header">
        <p className="eyebrow">Oversight</p>
        <h1>Audit log</h1>
        <p className="lead">Every decision CredGate made for your organisation, in a tamper-evident chain anchored on the blockchain.</p>
      </header>

      <IntegrityCard />

      <form className="card section filters" onSubmit={apply} aria-label="Filter the audit log">
        <TextField label="From" name="from" type="date" value={draft.from} onChange={set('from')} showOptional={false} />
        <TextField label="To" name="to" type="date" value={draft.to} onChange={set('to')} showOptional={false} error={rangeError} />
        <SelectField label="Action" name="action" options={ACTION_OPTIONS} placeholder="Any action" value={draft.action} onChange={set('action')} showOptional={false} />
        <SelectField label="Decision" name="decision" options={DECISION_OPTIONS} placeholder="Any decision" value={draft.decision} onChange={set('decision')} showOptional={false} />
        <TextField label="Actor (account id or DID)" name="actor" value={draft.actor} onChange={set('actor')} showOptional={false} spellCheck={false} />
        <div className="filters__actions">
          <Button type="submit">Apply filters</Button>
          <Button
            variant="quiet"
            onClick={() => {
              setDraft(EMPTY)
              setApplied(EMPTY)
              setRangeError(undefined)
            }}
          >
            Clear
          </Button>
        </div>
      </form>

      <section className="section" aria-labelledby="export-heading">
        <h2 id="export-heading" className="visually-hidden">
          Export
        </h2>
        <p className="export-links">
          <span>Export {applied.from || applied.to ? 'this period' : 'everything'} with proofs:</span>
          <a className="button button--secondary" href={auditExportUrl('csv', range)} download>
            <span>CSV</span>
          </a>
          <a className="button button--secondary" href={auditExportUrl('json', range)} download>
            <span>JSON</span>
          </a>
        </p>
      </section>

      <EntriesList key={JSON.stringify(applied)} filters={applied} />
    </div>
  )
}

function IntegrityCard() {
  const verification = useQuery(AUDIT_VERIFICATION_QUERY, {})
  return (
    <section className="card integrity" aria-labelledby="integrity-heading" aria-busy={verification.status === 'loading'}>
      <div className="integrity__header">
        <h2 id="integrity-heading" className="card__title">
          Integrity
        </h2>
        {verification.status === 'success' ? (
          verification.data.auditVerification.ok ? (
            <Badge tone="success">Chain intact</Badge>
          ) : (
            <Badge tone="danger">Tampering detected</Badge>
          )
        ) : null}
      </div>
      {verification.status === 'loading' ? (
        <p className="muted waiting" role="status">
          <Spinner size="small" /> Recomputing the hash chain and checking the on-chain anchors…
        </p>
      ) : null}
      {verification.status === 'error' ? <ErrorBanner error={verification.error} title="The audit log could not be verified" onRetry={verification.refetch} /> : null}
      {verification.status === 'success' ? (
        <>
          {verification.data.auditVerification.ok ? (
            <p>
              All {verification.data.auditVerification.entries.toLocaleString()} entries link up unchanged.{' '}
              {verification.data.auditVerification.anchoredThrough > 0
                ? `Entries up to #${verification.data.auditVerification.anchoredThrough} match ${verification.data.auditVerification.anchorsChecked} anchor${verification.data.auditVerification.anchorsChecked === 1 ? '' : 's'} on chain.`
                : 'No entry has been anchored on chain yet.'}
            </p>
          ) : (
            <p role="alert">
              {verification.data.auditVerification.problem
                ? `Entry #${verification.data.auditVerification.problem.seq} does not match the chain: it or an entry before it was altered or removed. Report this to your security team.`
                : 'The chain does not verify. Report this to your security team.'}
            </p>
          )}
          <Button variant="quiet" onClick={verification.refetch}>
            Verify again
          </Button>
        </>
      ) : null}
    </section>
  )
}

function EntriesList({ filters }: { filters: Filters }) {
  const base: AuditFilterInput = { ...toRange(filters), limit: PAGE_SIZE }
  if (filters.action) base.action = filters.action
  if (filters.decision) base.decision = filters.decision
  if (filters.actor.trim()) base.actor = filters.actor.trim()
  const first = useQuery(AUDIT_ENTRIES_QUERY, { filter: base })
  const [older, setOlder] = useState<AuditEntry[]>([])
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<ApiError | null>(null)
  const [exhausted, setExhausted] = useState(false)

  const firstPage = first.status === 'success' ? first.data.auditEntries : []
  useEffect(() => {
    setOlder([])
    setExhausted(false)
  }, [first.status])

  if (first.status === 'loading') return <Loading label="Loading audit entries…" />
  if (first.status === 'error') return <ErrorBanner error={first.error} title="Audit entries could not be loaded" onRetry={first.refetch} />
  const entries = [...firstPage, ...older]
  if (entries.length === 0) return <EmptyState title="No audit entry matches these filters." />

  const loadMore = async () => {
    const last = entries[entries.length - 1]
    if (!last) return
    setLoadingMore(true)
    setMoreError(null)
    try {
      const { auditEntries } = await gqlRequest(AUDIT_ENTRIES_QUERY, { filter: { ...base, beforeSeq: last.seq } })
      setOlder((o) => [...o, ...auditEntries])
      if (auditEntries.length < PAGE_SIZE) setExhausted(true)
    } catch (error) {
      setMoreError(toApiError(error))
    } finally {
      setLoadingMore(false)
    }
  }

  const hasMore = !exhausted && firstPage.length === PAGE_SIZE && (older.length === 0 || older.length % PAGE_SIZE === 0)

  return (
    <section aria-labelledby="entries-heading">
      <h2 id="entries-heading" className="section-title">
        Entries
      </h2>
      <div className="table-wrap">
        <table className="table table--stack table--audit">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq}>
                <td data-label="#">{entry.seq}</td>
                <td data-label="When">{formatDateTime(entry.at)}</td>
                <td data-label="What">
                  <span className="cell-main">{actionLabel(entry.action)}</span>
                  {entry.subject ? <span className="cell-sub identifier-inline">{entry.subject}</span> : null}
                  <EntryDetails details={entry.details} />
                </td>
                <td data-label="Who">
                  <span className="identifier-inline">{entry.actor}</span>
                </td>
                <td data-label="Decision">
                  <Badge tone={decisionTone(entry.decision)}>{decisionLabel(entry.decision)}</Badge>
                  {entry.reasonCode ? <span className="cell-sub">{entry.reasonCode}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {moreError ? <ErrorBanner error={moreError} title="Older entries could not be loaded" /> : null}
      {hasMore ? (
        <div className="load-more">
          <Button variant="secondary" busy={loadingMore} onClick={loadMore}>
            Load older entries
          </Button>
        </div>
      ) : null}
    </section>
  )
}

/** The entry's details (identifiers and codes) as "name: value" lines, never raw JSON. */
function EntryDetails({ details }: { details: string }) {
  let entries: Array<[string, unknown]> = []
  try {
    const parsed: unknown = JSON.parse(details)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) entries = Object.entries(parsed as Record<string, unknown>)
  } catch {
    entries = []
  }
  if (entries.length === 0) return null
  return (
    <details className="entry-details">
      <summary>Details</summary>
      <dl>
        {entries.map(([key, value]) => (
          <div key={key}>
            <dt>{claimLabel(key)}</dt>
            <dd>{formatDetail(value)}</dd>
          </div>
        ))}
      </dl>
    </details>
  )
}

function formatDetail(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (Array.isArray(value)) return value.map(formatDetail).join(', ')
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${claimLabel(k)}: ${formatDetail(v)}`)
      .join('; ')
  }
  return String(value)
}

function toRange(filters: Filters): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {}
  if (filters.from) range.from = new Date(`${filters.from}T00:00:00`).toISOString()
  if (filters.to) range.to = new Date(`${filters.to}T23:59:59.999`).toISOString()
  return range
}
