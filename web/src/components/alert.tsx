/**
 * Alert: a message box. Errors use role="alert" (announced at once); info and success use role="status".
 * ErrorBanner: an Alert for a failed request, with a plain-language message and an optional retry.
 */
import type { ReactNode } from 'react'
import { describeError } from '../graphql/error-messages.ts'
import { Button } from './button.tsx'

export interface AlertProps {
  tone?: 'error' | 'info' | 'success' | 'warning'
  title?: string
  children?: ReactNode
  action?: ReactNode
  id?: string
}

export function Alert({ tone = 'info', title, children, action, id }: AlertProps) {
  const urgent = tone === 'error' || tone === 'warning'
  return (
    <div id={id} className={`alert alert--${tone}`} role={urgent ? 'alert' : 'status'}>
      <AlertIcon tone={tone} />
      <div className="alert__body">
        {title ? <p className="alert__title">{title}</p> : null}
        {children ? <div className="alert__text">{children}</div> : null}
        {action ? <div className="alert__action">{action}</div> : null}
      </div>
    </div>
  )
}

export interface ErrorBannerProps {
  error: unknown
  title?: string
  /** Replaces the standard sentence for the error code, e.g. a page-specific explanation. */
  message?: string
  onRetry?: () => void
}

export function ErrorBanner({ error, title, message, onRetry }: ErrorBannerProps) {
  return (
    <Alert
      tone="error"
      {...(title ? { title } : {})}
      action={
        onRetry ? (
          <Button variant="secondary" onClick={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      <p>{message ?? describeError(error)}</p>
    </Alert>
  )
}

function AlertIcon({ tone }: { tone: NonNullable<AlertProps['tone']> }) {
  return (
    <svg className="alert__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <circle cx="10" cy="10" r="9" fill="currentColor" />
      {tone === 'success' ? (
        <path d="M6 10.4l2.6 2.6L14 7.6" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
      ) : tone === 'info' ? (
        <path d="M10 9v5M10 6.2v.1" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
      ) : (
        <path d="M10 5.5v5.5M10 14.2v.1" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
      )}
    </svg>
  )
}
