/**
 * The trust anchor accredits licensing boards (an AccreditationCredential naming the licence types and
 * jurisdictions a board may issue for) and sees every accreditation it has issued. Verifiers trust a licence
 * only when such an accreditation covers it.
 */
import { useRef, useState, type FormEvent } from 'react'
import { Alert, ErrorBanner } from '../components/alert.tsx'
import { Badge } from '../components/badge.tsx'
import { Button } from '../components/button.tsx'
import { CheckboxGroup } from '../components/checkbox-group.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { Loading } from '../components/spinner.tsx'
import { TextField } from '../components/text-field.tsx'
import { claimsObject, claimValueText, isKnownJurisdiction, LICENSE_TYPES, statusLabel, statusTone } from '../credentials/labels.ts'
import { isDidEthr } from '../credentials/validation.ts'
import { firstInvalid, serverFieldErrors, type FieldErrors } from '../forms/field-errors.ts'
import { formatDate, todayInputValue } from '../format.ts'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest } from '../graphql/client.ts'
import { ACCREDIT_BOARD_MUTATION, ISSUED_CREDENTIALS_QUERY } from '../graphql/credential-operations.ts'
import { useQuery } from '../graphql/use-query.ts'

type Field = 'subjectDid' | 'name' | 'licenseTypes' | 'jurisdictions' | 'validUntil'
const FIELDS: readonly Field[] = ['subjectDid', 'name', 'licenseTypes', 'jurisdictions', 'validUntil']
const LABELS: Record<Field, string> = {
  subjectDid: 'Board DID',
  name: 'Board name',
  licenseTypes: 'Licence types',
  jurisdictions: 'Jurisdictions',
  validUntil: 'Accredited until',
}
const LICENSE_TYPE_OPTIONS = LICENSE_TYPES.map((t) => ({ value: t.value, label: t.value }))

export function AccreditationPage() {
  const list = useQuery(ISSUED_CREDENTIALS_QUERY, { search: { type: 'AccreditationCredential', limit: 100 } })
  return (
    <div className="page-width page">
      <header className="page-header">
        <p className="eyebrow">Trust anchor</p>
        <h1>Accreditation</h1>
        <p className="lead">A board’s licences are trusted only for the licence types and jurisdictions you accredit it for.</p>
      </header>
      <div className="grid grid--two grid--start">
        <AccreditForm onAccredited={list.refetch} />
        <section className="card" aria-labelledby="accredited-heading" aria-busy={list.status === 'loading'}>
          <h2 id="accredited-heading" className="card__title">
            Accredited boards
          </h2>
          {list.status === 'loading' ? <Loading label="Loading accreditations…" /> : null}
          {list.status === 'error' ? <ErrorBanner error={list.error} title="Accreditations could not be loaded" onRetry={list.refetch} /> : null}
          {list.status === 'success' && list.data.issuedCredentials.items.length === 0 ? <EmptyState title="You have not accredited any board yet." /> : null}
          {list.status === 'success' && list.data.issuedCredentials.items.length > 0 ? (
            <ul className="item-list">
              {list.data.issuedCredentials.items.map((credential) => {
                const claims = claimsObject(credential.claims)
                return (
                  <li key={credential.id} className="item-list__item">
                    <div className="item-list__header">
                      <span className="item-list__title">{String(claims.name ?? 'Board')}</span>
                      <Badge tone={statusTone(credential.status)}>{statusLabel(credential.status)}</Badge>
                    </div>
                    <p className="item-list__meta">
                      {claimValueText(claims.licenseTypes)} · {claimValueText(claims.jurisdictions)} · until {formatDate(credential.validUntil)}
                    </p>
                    <code className="identifier">{credential.subjectDid}</code>
                  </li>
                )
              })}
            </ul>
          ) : null}
        </section>
      </div>
    </div>
  )
}

function AccreditForm({ onAccredited }: { onAccredited: () => void }) {
  const [subjectDid, setSubjectDid] = useState('')
  const [name, setName] = useState('')
  const [licenseTypes, setLicenseTypes] = useState<string[]>([])
  const [jurisdictions, setJurisdictions] = useState('')
  const [validUntil, setValidUntil] = useState('')
  const [errors, setErrors] = useState<FieldErrors<Field>>({})
  const [formError, setFormError] = useState<{ error: ApiError; other: string[] } | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const refs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({})

  const codes = jurisdictions
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean)

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    const clientErrors: FieldErrors<Field> = {}
    if (!isDidEthr(subjectDid)) clientErrors.subjectDid = 'Enter the board’s DID, like did:ethr:0x539:0x… (40 hexadecimal characters).'
    if (name.trim().length < 2) clientErrors.name = 'Enter the board’s name.'
    if (licenseTypes.length === 0) clientErrors.licenseTypes = 'Choose at least one licence type.'
    const unknown = codes.filter((c) => !isKnownJurisdiction(c))
    if (codes.length === 0) clientErrors.jurisdictions = 'Enter at least one jurisdiction code, e.g. US-CA.'
    else if (unknown.length > 0) clientErrors.jurisdictions = `Unknown jurisdiction code${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Use ISO codes like US-CA or CA-ON.`
    if (!validUntil) clientErrors.validUntil = 'Enter the date the accreditation ends.'
    else if (validUntil <= todayInputValue()) clientErrors.validUntil = 'The end date must be in the future.'
    setErrors(clientErrors)
    setFormError(null)
    setDone(null)
    const first = firstInvalid(FIELDS, clientErrors)
    if (first) {
      refs.current[first]?.focus()
      return
    }
    setBusy(true)
    try {
      await gqlRequest(ACCREDIT_BOARD_MUTATION, { input: { subjectDid: subjectDid.trim(), name: name.trim(), licenseTypes, jurisdictions: codes, validUntil } })
      setDone(`${name.trim()} is accredited for ${licenseTypes.join(', ')} in ${codes.join(', ')}.`)
      setSubjectDid('')
      setName('')
      setLicenseTypes([])
      setJurisdictions('')
      setValidUntil('')
      onAccredited()
    } catch (error) {
      const apiError = toApiError(error)
      const server = serverFieldErrors(apiError, LABELS, (path) => {
        const field = path.replace(/^claims\./, '').split('.')[0] ?? ''
        return (FIELDS as readonly string[]).includes(field) ? (field as Field) : undefined
      })
      setErrors(server.fields)
      setFormError({ error: apiError, other: server.other })
      const firstServer = firstInvalid(FIELDS, server.fields)
      if (firstServer) refs.current[firstServer]?.focus()
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="accredit-heading">
      <h2 id="accredit-heading" className="card__title">
        Accredit a board
      </h2>
      {done ? (
        <Alert tone="success" title="Accreditation issued">
          <p>{done}</p>
        </Alert>
      ) : null}
      {formError ? <ErrorBanner error={formError.error} title="The board was not accredited" {...(formError.other.length ? { message: formError.other.join(' ') } : {})} /> : null}
      <form className="form" onSubmit={handleSubmit} noValidate aria-label="Accredit a board">
        <TextField
          ref={(el) => {
            refs.current.subjectDid = el
          }}
          label={LABELS.subjectDid}
          name="subjectDid"
          required
          spellCheck={false}
          autoCapitalize="none"
          value={subjectDid}
          onChange={(event) => setSubjectDid(event.target.value)}
          error={errors.subjectDid}
        />
        <TextField
          ref={(el) => {
            refs.current.name = el
          }}
          label={LABELS.name}
          name="name"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
        />
        <CheckboxGroup
          ref={(el) => {
            refs.current.licenseTypes = el
          }}
          legend={LABELS.licenseTypes}
          name="licenseTypes"
          options={LICENSE_TYPE_OPTIONS}
          value={licenseTypes}
          onChange={setLicenseTypes}
          error={errors.licenseTypes}
          columns
        />
        <TextField
          ref={(el) => {
            refs.current.jurisdictions = el
          }}
          label={LABELS.jurisdictions}
          name="jurisdictions"
          hint="ISO 3166-2 codes separated by commas, e.g. US-CA, US-NV"
          required
          value={jurisdictions}
          onChange={(event) => setJurisdictions(event.target.value)}
          error={errors.jurisdictions}
        />
        <TextField
          ref={(el) => {
            refs.current.validUntil = el
          }}
          label={LABELS.validUntil}
          name="validUntil"
          type="date"
          min={todayInputValue()}
          required
          value={validUntil}
          onChange={(event) => setValidUntil(event.target.value)}
          error={errors.validUntil}
        />
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            {busy ? 'Accrediting…' : 'Accredit board'}
          </Button>
        </div>
      </form>
    </section>
  )
}
