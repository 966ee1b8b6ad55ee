/**
 * The live status of the wallet's credentials: each is verified by CredGate (signature, dates, revocation and
 * suspension, issuer accreditation) whenever the list changes, on request, when the wallet comes back into
 * view, and every few minutes while it is in view (a revocation shows without a click). A quiet re-check
 * keeps the last answer on screen until the new one arrives.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest } from '../graphql/client.ts'
import { VERIFY_CREDENTIAL_MUTATION } from '../graphql/credential-operations.ts'
import type { VerificationReport } from '../graphql/types.ts'
import type { HeldCredential } from './vault.ts'

export type LiveStatus = { status: 'checking' } | { status: 'checked'; report: VerificationReport } | { status: 'error'; error: ApiError }

/** Each check is a verification the server audits: often enough to notice a revocation, not a flood. */
const REFRESH_MS = 5 * 60_000

export function useLiveStatus(credentials: readonly HeldCredential[]): { statuses: Record<string, LiveStatus>; recheck: () => void } {
  const [statuses, setStatuses] = useState<Record<string, LiveStatus>>({})
  const [round, setRound] = useState(0)
  const quiet = useRef(false)
  const key = credentials.map((c) => c.id).join('|')

  useEffect(() => {
    let current = true
    const list = credentials
    const keepShown = quiet.current
    quiet.current = false
    setStatuses((shown) => Object.fromEntries(list.map((c) => [c.id, (keepShown && shown[c.id]) || ({ status: 'checking' } as LiveStatus)])))
    for (const credential of list) {
      gqlRequest(VERIFY_CREDENTIAL_MUTATION, { credential: credential.jwt }).then(
        ({ verifyCredential }) => {
          if (current) setStatuses((s) => ({ ...s, [credential.id]: { status: 'checked', report: verifyCredential } }))
        },
        (error: unknown) => {
          if (current) setStatuses((s) => ({ ...s, [credential.id]: { status: 'error', error: toApiError(error) } }))
        },
      )
    }
    return () => {
      current = false
    }
    // The list is identified by its ids: `credentials` itself changes identity on every save.
  }, [key, round])

  useEffect(() => {
    const quietly = () => {
      if (document.visibilityState !== 'visible') return
      quiet.current = true
      setRound((n) => n + 1)
    }
    const timer = window.setInterval(quietly, REFRESH_MS)
    document.addEventListener('visibilitychange', quietly)
    return () => {
      window.clearInterval(timer)
      document.removeEventListener('visibilitychange', quietly)
    }
  }, [])

  const recheck = useCallback(() => setRound((n) => n + 1), [])
  return { statuses, recheck }
}
