/**
 * The board's licence register: search by name, licence number or NPI, filter by status, page through; the
 * search lives in the address (?q=&status=&page=) so Back and shared links keep it.
 */
import { useState, type FormEvent } from 'react'
import { ErrorBanner } from '../components/alert.tsx'
import { Badge } from '../components/badge.tsx'
import { Button } from '../components/button.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { SelectField } from '../components/select-field.tsx'
import { Loading } from '../components/spinner.tsx'
import { TextField } from '../components/text-field.tsx'
import { claimsObject, statusLabel, statusTone } from '../credentials/labels.ts'
import { formatDate } from '../format.ts'
import { ISSUED_CREDENTIALS_QUERY } from '../graphql/credential-operations.ts'
import { useQuery } from '../graphql/use-query.ts'
import { Link, navigate, useLocation } from '../router/router.tsx'

const PAGE_SIZE = 20

const STATUS_OPTIONS = [
  { value: 'ACTIVE', label: 'Active' },
  { value: 'SUSPENDED', label: 'Suspended' },
  { value: 'REVOKED', label: 'Revoked' },
]

export function LicencesPage() {
  const { search } = useLocation()
  const params = new URLSearchParams(search)
  const q = params.get('q') ?? ''
  const status = params.get('status') ?? ''
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1)
  const [text, setText] = useState(q)
  const [statusChoice, setStatusChoice] = useState(status)

  const result = useQuery(ISSUED_CREDENTIALS_QUERY, {
    search: {
      type: 'ClinicianLicenseCredential',
      ...(q ? { text: q } : {}),
      ...(status ? { status } : {}),
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    },
  })

  const go = (next: { q?: string; status?: string; page?: number }) => {
    const query = new URLSearchParams()
    const nq = next.q ?? q
    const ns = next.status ?? status
    const np = next.page ?? 1
    if (nq) query.set('q', nq)
    if (ns) query.set('status', ns)
    if (np > 1) query.set('page', String(np))
    const qs = query.toString()
    navigate(qs ? `/licences?${qs}` : '/licences')
  }

  const handleSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    go({ q: text.trim(), status: statusChoice, page: 1 })
  }

  const total = result.status === 'success' ? result.data.issuedCredentials.total : 0
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))

  return (
    <div className="page-width page">
      <header className="page-header page-header--actions">
        <div>
          <p className="eyebrow">Licensing board</p>
          <h1>Licences</h1>
          <p className="lead">Every licence your board has issued, with its current status.</p>
        </div>
        <div className="page-header__actions">
          <Link to="/licences/new" className="button button--primary">
            <span>Issue a licence</span>
          </Link>
          <Link to="/licences/import" className="button button--secondary">
            <span>Import from CSV</span>
          </Link>
        </div>
      </header>

      <form className="card search-bar" onSubmit={handleSearch} role="search" aria-label="Search licences">
        <TextField
          label="Name, licence number or NPI"
          name="q"
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          showOptional={false}
          className="search-bar__text"
        />
        <SelectField
          label="Status"
          name="status"
          options={STATUS_OPTIONS}
          placeholder="Any status"
          value={statusChoice}
          onChange={(event) => setStatusChoice(event.target.value)}
          showOptional={false}
        />
        <Button type="submit">Search</Button>
      </form>

      <section className="section" aria-labelledby="results-heading" aria-busy={result.status === 'loading'}>
        <h2 id="results-heading" className="visually-hidden">
          Results
        </h2>
        {result.status === 'loading' ? <Loading label="Loading licences…" /> : null}
        {result.status === 'error' ? <ErrorBanner error={result.error} title="Licences could not be loaded" onRetry={result.refetch} /> : null}
        {result.status === 'success' && result.data.issuedCredentials.items.length === 0 ? (
          q || status ? (
            <EmptyState title="No licence matches this search.">
              <p>Check the spelling, or search by licence number or NPI.</p>
            </EmptyState>
          ) : (
            <EmptyState
              title="Your board has not issued any licence yet."
              action={
                <Link to="/licences/new" className="button button--primary">
                  <span>Issue the first licence</span>
                </Link>
              }
            />
          )
        ) : null}
        {result.status === 'success' && result.data.issuedCredentials.items.length > 0 ? (
          <>
            <p className="results-count" role="status">
              {total === 1 ? '1 licence' : `${total.toLocaleString()} licences`}
              {q ? ` matching “${q}”` : ''}
            </p>
            <div className="table-wrap">
              <table className="table table--stack">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Licence</th>
                    <th scope="col">Jurisdiction</th>
                    <th scope="col">Status</th>
                    <th scope="col">Valid until</th>
                  </tr>
                </thead>
                <tbody>
                  {result.data.issuedCredentials.items.map((credential) => {
                    const claims = claimsObject(credential.claims)
                    return (
                      <tr key={credential.id}>
                        <td data-label="Name">
                          <Link to={`/licences/${encodeURIComponent(credential.id)}`}>{String(claims.name ?? 'Unnamed')}</Link>
                        </td>
                        <td data-label="Licence">
                          {String(claims.licenseType ?? '')} {String(claims.licenseNumber ?? '')}
                        </td>
                        <td data-label="Jurisdiction">{String(claims.jurisdiction ?? '—')}</td>
                        <td data-label="Status">
                          <Badge tone={statusTone(credential.status)}>{statusLabel(credential.status)}</Badge>
                        </td>
                        <td data-label="Valid until">{formatDate(credential.validUntil)}</td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
            {pages > 1 ? (
              <nav className="pagination" aria-label="Pages">
                <Button variant="secondary" disabled={page <= 1} onClick={() => go({ page: page - 1 })}>
                  Previous
                </Button>
                <span>
                  Page {page} of {pages}
                </span>
                <Button variant="secondary" disabled={page >= pages} onClick={() => go({ page: page + 1 })}>
                  Next
                </Button>
              </nav>
            ) : null}
          </>
        ) : null}
      </section>
    </div>
  )
}
