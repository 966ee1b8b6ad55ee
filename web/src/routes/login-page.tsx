/**
 * Staff sign-in. Checks the obvious on the client (both fields filled, email-shaped), shows the server's
 * field errors beside their fields, and one plain sentence for INVALID_LOGIN, ACCOUNT_LOCKED and the rest.
 * After sign-in the router takes the person on (to ?next= when it is a path of ours, else Home).
 */
import { useRef, useState, type FormEvent } from 'react'
import { Alert, ErrorBanner } from '../components/alert.tsx'
import { Button } from '../components/button.tsx'
import { TextField } from '../components/text-field.tsx'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { Link } from '../router/router.tsx'
import { useSession } from '../session/session-context.tsx'

type Field = 'email' | 'password'
type FieldErrors = Partial<Record<Field, string>>

const FIELD_LABELS: Record<Field, string> = { email: 'Email', password: 'Password' }
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function LoginPage() {
  const { state, signIn } = useSession()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<ApiError | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const emailRef = useRef<HTMLInputElement>(null)
  const passwordRef = useRef<HTMLInputElement>(null)

  const focusField = (field: Field) => (field === 'email' ? emailRef : passwordRef).current?.focus()

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (submitting) return
    const errors = validate(email, password)
    setFieldErrors(errors)
    setFormError(null)
    const firstInvalid = (Object.keys(FIELD_LABELS) as Field[]).find((field) => errors[field])
    if (firstInvalid) {
      focusField(firstInvalid)
      return
    }

    setSubmitting(true)
    try {
      await signIn(email.trim(), password)
      // The router now redirects away from this page.
    } catch (error) {
      const apiError = toApiError(error)
      setSubmitting(false)
      if (apiError.code === 'VALIDATION_FAILED' && apiError.fields) {
        const serverErrors = fieldErrorsFrom(apiError)
        setFieldErrors(serverErrors)
        const firstServerInvalid = (Object.keys(FIELD_LABELS) as Field[]).find((field) => serverErrors[field])
        if (firstServerInvalid) {
          focusField(firstServerInvalid)
          return
        }
      }
      setFormError(apiError)
      if (apiError.code === 'INVALID_LOGIN') {
        setPassword('')
        focusField('password')
      } else {
        focusField('email')
      }
    }
  }

  const notice = state.status === 'signed-out' ? state.reason : 'none'

  return (
    <div className="page-width page login">
      <div className="login__panel">
        <div className="login__intro">
          <p className="eyebrow">Staff sign-in</p>
          <h1>Sign in to CredGate</h1>
          <p className="lead">For staff of licensing boards, hospitals and trust anchors.</p>
        </div>

        <div className="card login__card">
          {notice === 'signed-out' && !formError ? (
            <Alert tone="success">
              <p>You have signed out.</p>
            </Alert>
          ) : null}
          {notice === 'ended' && !formError ? (
            <Alert tone="info">
              <p>Your session has ended. Please sign in again.</p>
            </Alert>
          ) : null}
          {formError ? <ErrorBanner error={formError} message={loginErrorMessage(formError)} /> : null}

          <form className="form" onSubmit={handleSubmit} noValidate aria-label="Sign in">
            <TextField
              ref={emailRef}
              label="Email"
              name="email"
              type="email"
              autoComplete="username"
              inputMode="email"
              spellCheck={false}
              autoCapitalize="none"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              error={fieldErrors.email}
            />
            <TextField
              ref={passwordRef}
              label="Password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={fieldErrors.password}
            />
            <Button type="submit" busy={submitting} fullWidth>
              {submitting ? 'Signing in…' : 'Sign in'}
            </Button>
          </form>
        </div>
        <p className="login__footnote">
          Clinicians and patients do not sign in here: they use <Link to="/wallet">their wallet</Link>, which signs with their own DID.
        </p>
      </div>
    </div>
  )
}

function validate(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {}
  const trimmed = email.trim()
  if (!trimmed) errors.email = 'Enter your email address.'
  else if (!EMAIL_SHAPE.test(trimmed)) errors.email = 'Enter an email address like name@example.org.'
  if (!password) errors.password = 'Enter your password.'
  return errors
}

function fieldErrorsFrom(error: ApiError): FieldErrors {
  const errors: FieldErrors = {}
  for (const { field, message } of error.fields ?? []) {
    if (field === 'email' || field === 'password') errors[field] = `${FIELD_LABELS[field]} ${message}.`
  }
  return errors
}

function loginErrorMessage(error: ApiError): string | undefined {
  if (error.code === 'INVALID_LOGIN') return 'Email or password is incorrect.'
  if (error.code === 'ACCOUNT_LOCKED') {
    const until = typeof error.details?.retryAfter === 'string' ? new Date(error.details.retryAfter) : undefined
    const when = until && !Number.isNaN(until.getTime()) ? ` after ${until.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : ' later'
    return `This account is temporarily locked after too many failed sign-ins. Try again${when}.`
  }
  return undefined
}
