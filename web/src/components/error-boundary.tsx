/**
 * The last line of defence: a page that throws while rendering, or whose code could not be downloaded (a lazy
 * route's chunk after a deploy or a dropped connection), shows a plain-language message and a reload instead
 * of a blank screen. No error text or stack is shown. `resetKey` (the path) clears the error when the person
 * navigates elsewhere. A reload is the retry: React keeps a failed lazy import failed until the page reloads.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react'
import { Alert } from './alert.tsx'
import { Button } from './button.tsx'

interface ErrorBoundaryProps {
  children: ReactNode
  resetKey?: string
}

interface ErrorBoundaryState {
  failed: boolean
  resetKey: string | undefined
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { failed: false, resetKey: this.props.resetKey }

  static getDerivedStateFromError(): Partial<ErrorBoundaryState> {
    return { failed: true }
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: ErrorBoundaryState): Partial<ErrorBoundaryState> | null {
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // For the developer console only; the person sees the plain message.
    console.error('CredGate could not show this page', error, info.componentStack)
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children
    return <PageFailed />
  }
}

function PageFailed() {
  return (
    <div className="page-width page page--narrow">
      <h1>This page could not be shown</h1>
      <Alert
        tone="error"
        title="Something went wrong"
        action={
          <Button variant="secondary" onClick={() => window.location.reload()}>
            Reload the page
          </Button>
        }
      >
        <p>Part of CredGate did not load, perhaps because the connection dropped or CredGate was just updated. Reload to try again.</p>
      </Alert>
    </div>
  )
}
