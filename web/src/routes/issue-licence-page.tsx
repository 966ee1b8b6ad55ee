/**
 * A board issues a clinician licence: a form checked field by field in the browser (DID shape, NPI check digit,
 * dates), then by the server, whose field errors are shown beside the same fields. After issuing, the offer
 * panel says what happens next: the clinician's wallet picks the licence up itself, from the DID.
 */
import { useRef, useState, type FormEvent } from 'react'
import { Alert, ErrorBanner } from '../components/alert.tsx'
import { Button } from '../components/button.tsx'
import { CopyButton } from '../components/copy-button.tsx'
import { SelectField } from '../components/select-field.tsx'
import { TextField } from '../components/text-field.tsx'
import { claimsObject, JURISDICTIONS, LICENSE_TYPES } from '../credentials/labels.ts'
import { isDidEthr, isValidNpi, LICENSE_NUMBER } from '../credentials/validation.ts'
import { firstInvalid, hasErrors, serverFieldErrors, type FieldErrors } from '../forms/field-errors.ts'
import { formatDate, todayInputValue } from '../format.ts'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest } from '../graphql/client.ts'
import { ISSUE_LICENSE_MUTATION } from '../graphql/credential-operations.ts'
import type { IssuedCredential } from '../graphql/types.ts'
import { Link, useSearchParam } from '../router/router.tsx'
import { useStaffAccount } from '../session/session-context.tsx'

type Field = 'subjectDid' | 'name' | 'licenseType' | 'licenseNumber' | 'jurisdiction' | 'specialty' | 'npi' | 'validFrom' | 'validUntil'
type Values = Record<Field, string>

/** In the order the form shows them (focus goes to the first invalid one). */
const FIELDS: readonly Field[] = ['subjectDid', 'name', 'specialty', 'licenseType', 'jurisdiction', 'licenseNumber', 'npi', 'validFrom', 'validUntil']

const LABELS: Record<Field, string> = {
  subjectDid: 'Clinician DID',
  name: 'Full name',
  licenseType: 'Licence type',
  licenseNumber: 'Licence number',
  jurisdiction: 'Jurisdiction',
  specialty: 'Specialty',
  npi: 'NPI',
  validFrom: 'Valid from',
  validUntil: 'Expiry date',
}

export function IssueLicencePage() {
  const account = useStaffAccount()
  const presetSubject = useSearchParam('subject') ?? ''
  const initial: Values = {
    subjectDid: presetSubject,
    name: '',
    licenseType: '',
    licenseNumber: '',
    jurisdiction: account.organization.jurisdiction ?? '',
    specialty: '',
    npi: '',
    validFrom: '',
    validUntil: '',
  }
  const [values, setValues] = useState<Values>(initial)
  const [errors, setErrors] = useState<FieldErrors<Field>>({})
  const [formError, setFormError] = useState<{ error: ApiError; other: string[] } | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [issued, setIssued] = useState<IssuedCredential | null>(null)
  const refs = useRef<Partial<Record<Field, HTMLInputElement | HTMLSelectElement | null>>>({})

  const set = (field: Field) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }))
  const bind = (field: Field) => ({
    name: field,
    label: LABELS[field],
    value: values[field],
    onChange: set(field),
    error: errors[field],
  })

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (submitting) return
    const clientErrors = validate(values)
    setErrors(clientErrors)
    setFormError(null)
    const first = firstInvalid(FIELDS, clientErrors)
    if (first) {
      refs.current[first]?.focus()
      return
    }
    setSubmitting(true)
    try {
      const { issueLicense } = await gqlRequest(ISSUE_LICENSE_MUTATION, {
        input: {
          subjectDid: values.subjectDid.trim(),
          name: values.name.trim(),
          licenseType: values.licenseType,
          licenseNumber: values.licenseNumber.trim().toUpperCase(),
          jurisdiction: values.jurisdiction,
          specialty: values.specialty.trim(),
          npi: values.npi.trim(),
          validFrom: values.validFrom || null,
          validUntil: values.validUntil,
        },
      })
      setIssued(issueLicense)
    } catch (error) {
      const apiError = toApiError(error)
      const server = serverFieldErrors(apiError, LABELS, fieldForServerPath)
      if (apiError.code === 'ISSUER_UNTRUSTED' && server.fields.licenseType) {
        server.fields.licenseType = `Your board is not accredited to issue ${values.licenseType} licences in ${values.jurisdiction}. Ask your trust anchor to extend the accreditation.`
      }
      setErrors(server.fields)
      setFormError({ error: apiError, other: server.other })
      const firstServer = firstInvalid(FIELDS, server.fields)
      if (firstServer) refs.current[firstServer]?.focus()
    } finally {
      setSubmitting(false)
    }
  }

  if (issued) {
    return (
      <OfferPanel
        credential={issued}
        onIssueAnother={() => {
          setIssued(null)
          setValues({ ...initial, subjectDid: '' })
          setErrors({})
        }}
      />
    )
  }

  const fieldErrorCount = Object.values(errors).filter(Boolean).length

  return (
    <div className="page-width page page--form">
      <header className="page-header">
        <p className="eyebrow">
          <Link to="/licences">Licences</Link>
        </p>
        <h1>Issue a licence</h1>
        <p className="lead">The licence is signed with your board’s DID and delivered to the clinician’s own wallet.</p>
      </header>

      <div className="card">
        {formError ? (
          <ErrorBanner
            error={formError.error}
            title="The licence was not issued"
            message={
              hasErrors(errors)
                ? `${fieldErrorCount === 1 ? 'One field needs' : `${fieldErrorCount} fields need`} attention. ${formError.other.join(' ')}`.trim()
                : formError.other.join(' ') || undefined
            }
          />
        ) : null}
        <form className="form" onSubmit={handleSubmit} noValidate aria-label="Issue a licence">
          <TextField
            {...bind('subjectDid')}
            ref={(el) => {
              refs.current.subjectDid = el
            }}
            hint="From the clinician’s wallet, e.g. did:ethr:0x539:0x5a1f…"
            required
            spellCheck={false}
            autoCapitalize="none"
            autoComplete="off"
            className="field--wide"
          />
          <div className="form-grid">
            <TextField
              {...bind('name')}
              ref={(el) => {
                refs.current.name = el
              }}
              hint="As it appears on the licence"
              required
              autoComplete="off"
            />
            <TextField
              {...bind('specialty')}
              ref={(el) => {
                refs.current.specialty = el
              }}
              hint="e.g. Internal Medicine"
              required
            />
            <SelectField
              {...bind('licenseType')}
              ref={(el) => {
                refs.current.licenseType = el
              }}
              options={LICENSE_TYPES}
              hint="Only types your board is accredited for are accepted"
              placeholder="Choose a licence type"
              required
            />
            <SelectField
              {...bind('jurisdiction')}
              ref={(el) => {
                refs.current.jurisdiction = el
              }}
              options={JURISDICTIONS}
              hint="Where the licence applies"
              placeholder="Choose a jurisdiction"
              required
            />
            <TextField
              {...bind('licenseNumber')}
              ref={(el) => {
                refs.current.licenseNumber = el
              }}
              hint="3–30 letters, digits or dashes"
              required
              spellCheck={false}
              autoComplete="off"
            />
            <TextField
              {...bind('npi')}
              ref={(el) => {
                refs.current.npi = el
              }}
              hint="National Provider Identifier: 10 digits"
              required
              inputMode="numeric"
              autoComplete="off"
              maxLength={10}
            />
            <TextField
              {...bind('validFrom')}
              ref={(el) => {
                refs.current.validFrom = el
              }}
              type="date"
              hint="Leave empty to start today"
            />
            <TextField
              {...bind('validUntil')}
              ref={(el) => {
                refs.current.validUntil = el
              }}
              type="date"
              min={todayInputValue()}
              required
            />
          </div>
          <div className="form-actions">
            <Button type="submit" busy={submitting}>
              {submitting ? 'Issuing…' : 'Issue licence'}
            </Button>
            <Link to="/licences" className="button button--secondary">
              <span>Cancel</span>
            </Link>
          </div>
        </form>
      </div>
    </div>
  )
}

function OfferPanel({ credential, onIssueAnother }: { credential: IssuedCredential; onIssueAnother: () => void }) {
  const claims = claimsObject(credential.claims)
  const name = typeof claims.name === 'string' ? claims.name : 'the clinician'
  return (
    <div className="page-width page page--form">
      <header className="page-header">
        <p className="eyebrow">
          <Link to="/licences">Licences</Link>
        </p>
        <h1>Licence issued</h1>
      </header>
      <section className="card offer" aria-labelledby="offer-heading">
        <Alert tone="success" title={`The licence for ${name} is signed and active`}>
          <p>There is nothing to send. The clinician’s wallet picks up credentials issued to its DID by itself.</p>
        </Alert>
        <h2 id="offer-heading" className="card__title">
          What the clinician does next
        </h2>
        <ol className="steps">
          <li>Open their CredGate wallet and unlock it.</li>
          <li>
            Choose <strong>Check for new credentials</strong>. The wallet proves it holds the DID below and receives the licence.
          </li>
        </ol>
        <dl className="facts">
          <div className="facts__row">
            <dt>Issued to (DID)</dt>
            <dd className="facts__value--with-action">
              <code className="identifier" data-testid="offer-did">
                {credential.subjectDid}
              </code>
              <CopyButton value={credential.subjectDid} label="clinician DID" />
            </dd>
          </div>
          <div className="facts__row">
            <dt>Licence number</dt>
            <dd>{String(claims.licenseNumber ?? '—')}</dd>
          </div>
          <div className="facts__row">
            <dt>Valid until</dt>
            <dd>{formatDate(credential.validUntil)}</dd>
          </div>
        </dl>
        <div className="form-actions">
          <Link to={`/licences/${encodeURIComponent(credential.id)}`} className="button button--primary">
            <span>View the licence</span>
          </Link>
          <Button variant="secondary" onClick={onIssueAnother}>
            Issue another licence
          </Button>
        </div>
      </section>
    </div>
  )
}

function fieldForServerPath(path: string): Field | undefined {
  const field = path.startsWith('claims.') ? path.slice('claims.'.length) : path
  return (FIELDS as readonly string[]).includes(field) ? (field as Field) : undefined
}

function validate(values: Values): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {}
  const did = values.subjectDid.trim()
  if (!did) errors.subjectDid = 'Enter the clinician’s DID (shown in their wallet).'
  else if (!isDidEthr(did)) errors.subjectDid = 'Enter a DID like did:ethr:0x539:0x… followed by 40 hexadecimal characters.'
  if (values.name.trim().length < 2) errors.name = 'Enter the clinician’s full name.'
  if (!values.licenseType) errors.licenseType = 'Choose the licence type.'
  const number = values.licenseNumber.trim()
  if (!number) errors.licenseNumber = 'Enter the licence number.'
  else if (!LICENSE_NUMBER.test(number)) errors.licenseNumber = 'Use 3–30 letters, digits or dashes for the licence number.'
  if (!values.jurisdiction) errors.jurisdiction = 'Choose the jurisdiction.'
  if (values.specialty.trim().length < 2) errors.specialty = 'Enter the specialty.'
  const npi = values.npi.trim()
  if (!npi) errors.npi = 'Enter the 10-digit NPI.'
  else if (!/^\d{10}$/.test(npi)) errors.npi = 'An NPI has exactly 10 digits.'
  else if (!isValidNpi(npi)) errors.npi = 'This is not a valid NPI: its check digit does not match. Check for a typing mistake.'
  const today = todayInputValue()
  if (!values.validUntil) errors.validUntil = 'Enter the expiry date.'
  else if (values.validUntil <= today) errors.validUntil = 'The expiry date must be in the future.'
  else if (values.validFrom && values.validUntil <= values.validFrom) errors.validUntil = 'The expiry date must be after the start date.'
  return errors
}
