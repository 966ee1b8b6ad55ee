/**
 * Bulk licence import: choose a CSV, the server checks the whole file (size, encoding, header) before writing
 * anything, then issues row by row in the background. The page follows the import live (progress bar, counts)
 * and offers the error report as a CSV download. The import's id is kept in the address (?id=), so a reload
 * or a return visit shows the same import.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { Alert, ErrorBanner } from '../components/alert.tsx'
import { Button } from '../components/button.tsx'
import { ProgressBar } from '../components/progress-bar.tsx'
import { Loading } from '../components/spinner.tsx'
import { pluralize } from '../format.ts'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest } from '../graphql/client.ts'
import { downloadFile } from '../graphql/download.ts'
import { IMPORT_LICENSES_MUTATION, importErrorsCsvUrl, LICENSE_IMPORT_QUERY } from '../graphql/credential-operations.ts'
import type { LicenseImport } from '../graphql/types.ts'
import { GRAPHQL_FILE_LIMIT_BYTES, uploadLicenseCsv } from '../graphql/upload-csv.ts'
import { useQuery } from '../graphql/use-query.ts'
import { Link, navigate, useSearchParam } from '../router/router.tsx'

const MAX_BYTES = 10 * 1024 * 1024
const REQUIRED_COLUMNS = ['subjectDid', 'name', 'licenseType', 'licenseNumber', 'jurisdiction', 'specialty', 'npi', 'validUntil']
const TEMPLATE = `${[...REQUIRED_COLUMNS, 'validFrom'].join(',')}\ndid:ethr:0x539:0x0000000000000000000000000000000000000000,Dr. Jane Example,MD,A123456,US-CA,Cardiology,1234567893,2028-06-30,\n`
const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`

export function ImportLicencesPage() {
  const importId = useSearchParam('id')
  return (
    <div className="page-width page page--form">
      <header className="page-header">
        <p className="eyebrow">
          <Link to="/licences">Licences</Link>
        </p>
        <h1>Import licences</h1>
        <p className="lead">Issue many licences at once from a CSV file exported from your licensing system.</p>
      </header>
      {importId ? <ImportProgress id={importId} /> : <ImportForm />}
    </div>
  )
}

function ImportForm() {
  const inputId = useId()
  const [file, setFile] = useState<File | null>(null)
  const [fileError, setFileError] = useState<string | undefined>()
  const [failure, setFailure] = useState<{ error: ApiError; problems: string[] } | null>(null)
  const [busy, setBusy] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    setFailure(null)
    const problem = !file ? 'Choose a CSV file to import.' : !/\.csv$/i.test(file.name) ? 'Choose a file ending in .csv.' : file.size === 0 ? 'This file is empty.' : file.size > MAX_BYTES ? 'This file is larger than 10 MB. Split it into several files.' : undefined
    setFileError(problem)
    if (problem || !file) {
      inputRef.current?.focus()
      return
    }
    setBusy(true)
    try {
      const csv = await file.text()
      const id =
        file.size <= GRAPHQL_FILE_LIMIT_BYTES ? (await gqlRequest(IMPORT_LICENSES_MUTATION, { fileName: file.name, csv })).importLicenses.id : (await uploadLicenseCsv(file.name, csv)).id
      navigate(`/licences/import?id=${encodeURIComponent(id)}`)
    } catch (error) {
      const apiError = toApiError(error)
      setFailure({ error: apiError, problems: (apiError.fields ?? []).map(describeFileProblem) })
      setBusy(false)
      inputRef.current?.focus()
    }
  }

  return (
    <>
      {failure ? (
        <Alert tone="error" title="The file was not imported. Nothing was issued.">
          {failure.problems.length > 0 ? (
            <>
              <p>{failure.error.code === 'VALIDATION_FAILED' && failure.problems.some((p) => p.startsWith('Column')) ? 'The header row does not have the expected columns:' : 'The file has a problem:'}</p>
              <ul className="problem-list">
                {failure.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>{failure.error.code === 'PAYLOAD_TOO_LARGE' ? 'The file is too large: at most 10 MB and 50,000 rows. Split it into several files.' : describeImportError(failure.error)}</p>
          )}
        </Alert>
      ) : null}
      <div className="card">
        <form className="form" onSubmit={handleSubmit} noValidate aria-label="Import licences">
          <div className={fileError ? 'field field--invalid' : 'field'}>
            <label className="field__label" htmlFor={inputId}>
              CSV file
            </label>
            <p className="field__hint" id={`${inputId}-hint`}>
              UTF-8, with a header row. Up to 10 MB and 50,000 rows.
            </p>
            <input
              ref={inputRef}
              id={inputId}
              name="file"
              type="file"
              accept=".csv,text/csv"
              className="field__file"
              aria-describedby={[`${inputId}-hint`, fileError ? `${inputId}-error` : ''].filter(Boolean).join(' ')}
              aria-invalid={fileError ? true : undefined}
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null)
                setFileError(undefined)
                setFailure(null)
              }}
            />
            {fileError ? (
              <p className="field__error" id={`${inputId}-error`}>
                <span className="visually-hidden">Error: </span>
                {fileError}
              </p>
            ) : null}
          </div>
          <div className="form-actions">
            <Button type="submit" busy={busy}>
              {busy ? 'Checking the file…' : 'Import'}
            </Button>
            <Link to="/licences" className="button button--secondary">
              <span>Cancel</span>
            </Link>
          </div>
        </form>
      </div>

      <section className="card section" aria-labelledby="format-heading">
        <h2 id="format-heading" className="card__title">
          File format
        </h2>
        <p>The header row names these columns, in any order:</p>
        <ul className="tags" aria-label="Required columns">
          {REQUIRED_COLUMNS.map((column) => (
            <li key={column} className="tag">
              <code>{column}</code>
            </li>
          ))}
        </ul>
        <p className="section-text">
          <code>validFrom</code> is optional. Dates are written <code>YYYY-MM-DD</code>. Importing the same file again never issues twice: unchanged
          licences are skipped, and an interrupted import continues where it stopped.
        </p>
        <p>
          <a href={TEMPLATE_HREF} download="licence-import-template.csv">
            Download a template
          </a>
        </p>
      </section>
    </>
  )
}

function ImportProgress({ id }: { id: string }) {
  const [polling, setPolling] = useState(true)
  const result = useQuery(LICENSE_IMPORT_QUERY, { id }, { pollIntervalMs: polling ? 1000 : undefined })
  const current = result.status === 'success' ? result.data.licenseImport : undefined
  const running = current ? current.status === 'RUNNING' && !current.stalled : true
  useEffect(() => setPolling(running), [running])

  if (result.status === 'loading') return <Loading label="Loading the import…" />
  if (result.status === 'error') {
    return (
      <ErrorBanner
        error={result.error}
        title="The import could not be loaded"
        {...(result.error.code === 'NOT_FOUND' ? { message: 'There is no import with this identifier for your board.' } : { onRetry: result.refetch })}
      />
    )
  }
  return <ImportSummary item={result.data.licenseImport} />
}

function ImportSummary({ item }: { item: LicenseImport }) {
  const running = item.status === 'RUNNING' && !item.stalled
  return (
    <section className="card" aria-labelledby="import-heading" aria-busy={running}>
      <h2 id="import-heading" className="card__title">
        {item.fileName}
      </h2>
      {running ? <p className="card__subtitle">Importing… you can leave this page; the import carries on.</p> : null}
      <ProgressBar
        label="Rows processed"
        value={item.processed}
        max={item.totalRows}
        valueText={`${item.processed.toLocaleString()} of ${pluralize(item.totalRows, 'row')}`}
      />
      <dl className="stats" aria-label="Import counts">
        <div className="stats__item">
          <dt>Issued</dt>
          <dd data-testid="import-issued">{item.issued.toLocaleString()}</dd>
        </div>
        <div className="stats__item">
          <dt>Unchanged</dt>
          <dd data-testid="import-skipped">{item.skipped.toLocaleString()}</dd>
        </div>
        <div className="stats__item">
          <dt>With errors</dt>
          <dd data-testid="import-failed">{item.failed.toLocaleString()}</dd>
        </div>
      </dl>

      {item.status === 'DONE' ? (
        <Alert tone={item.failed > 0 ? 'warning' : 'success'} title="Import finished">
          <p>
            {pluralize(item.issued, 'licence')} issued, {pluralize(item.skipped, 'row')} unchanged
            {item.failed > 0 ? `, ${pluralize(item.failed, 'row')} not imported because of errors` : ''}.
          </p>
        </Alert>
      ) : null}
      {item.status === 'FAILED' || item.stalled ? (
        <Alert tone="warning" title="The import stopped before the end">
          <p>Everything up to row {item.processed + 1} is saved. Import the same file again to continue where it stopped.</p>
        </Alert>
      ) : null}

      {item.errorCount > 0 ? <ImportErrors item={item} /> : null}

      <div className="form-actions">
        <Link to="/licences/import" className="button button--secondary">
          <span>Import another file</span>
        </Link>
        <Link to="/licences" className="button button--quiet">
          <span>Back to licences</span>
        </Link>
      </div>
    </section>
  )
}

function ImportErrors({ item }: { item: LicenseImport }) {
  const [downloading, setDownloading] = useState(false)
  const [downloadError, setDownloadError] = useState<ApiError | null>(null)
  const download = async () => {
    setDownloading(true)
    setDownloadError(null)
    try {
      await downloadFile(importErrorsCsvUrl(item.id), `${item.fileName.replace(/\.csv$/i, '')}.errors.csv`)
    } catch (error) {
      setDownloadError(toApiError(error))
    } finally {
      setDownloading(false)
    }
  }
  return (
    <section className="section" aria-labelledby="import-errors-heading">
      <div className="section-header">
        <h3 id="import-errors-heading">Rows with errors ({item.errorCount.toLocaleString()})</h3>
        <Button variant="secondary" busy={downloading} onClick={download}>
          Download the error report (CSV)
        </Button>
      </div>
      {downloadError ? <ErrorBanner error={downloadError} title="The report could not be downloaded" /> : null}
      <div className="table-wrap">
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {item.errors.map((error, index) => (
              <tr key={`${error.row}-${error.field}-${index}`}>
                <td data-label="Row">{error.row}</td>
                <td data-label="Column">{error.field === '(row)' ? 'Whole row' : <code>{error.field}</code>}</td>
                <td data-label="Problem">{capitalise(error.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {item.errorCount > item.errors.length ? (
        <p className="muted">
          Showing the first {item.errors.length} of {item.errorCount.toLocaleString()} errors. The report has all of them.
        </p>
      ) : null}
    </section>
  )
}

function describeFileProblem(issue: { field: string; message: string }): string {
  if (issue.field.startsWith('(')) return capitalise(issue.message.endsWith('.') ? issue.message : `${issue.message}.`)
  return `Column “${issue.field}”: ${issue.message}.`
}

function describeImportError(error: ApiError): string {
  if (error.code === 'FORBIDDEN') return 'Only licensing board administrators can import licences.'
  if (error.code === 'NETWORK_ERROR' || error.code === 'UNAVAILABLE') return 'CredGate could not be reached. Try again in a moment.'
  return 'The file could not be imported. Check that it is a CSV file with the columns below, then try again.'
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
