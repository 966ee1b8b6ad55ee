/**
 * The signed-in staff session. On load it asks the server (`session`); sign-in and sign-out go through here so
 * the CSRF token (memory + sessionStorage) and the state never disagree. When any request answers
 * UNAUTHENTICATED the session ends here too, and the router sends the person to /login.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest, onUnauthenticated } from '../graphql/client.ts'
import { clearCsrfToken, setCsrfToken } from '../graphql/csrf-token.ts'
import { LOGIN_MUTATION, LOGOUT_MUTATION, SESSION_QUERY } from '../graphql/operations.ts'
import type { StaffAccount, StaffSession } from '../graphql/types.ts'

/** Why there is no session: never had one, signed out on purpose, or it ended (expired, revoked). */
export type SignedOutReason = 'none' | 'signed-out' | 'ended'

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason: SignedOutReason }
  | { status: 'signed-in'; account: StaffAccount }
  | { status: 'unavailable'; error: ApiError }

export interface SessionContextValue {
  state: SessionState
  signIn(email: string, password: string): Promise<StaffAccount>
  signOut(): Promise<void>
  /** Asks the server again (after "unavailable"). */
  reload(): void
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  const adopt = useCallback((session: StaffSession | null, reason: SignedOutReason = 'none') => {
    if (session) {
      setCsrfToken(session.csrfToken)
      setState({ status: 'signed-in', account: session.account })
    } else {
      clearCsrfToken()
      setState({ status: 'signed-out', reason })
    }
  }, [])

  useEffect(() => {
    const controller = new AbortController()
    gqlRequest(SESSION_QUERY, {}, { signal: controller.signal }).then(
      ({ session }) => adopt(session),
      (error: unknown) => {
        const apiError = toApiError(error)
        if (apiError.code !== 'ABORTED') setState({ status: 'unavailable', error: apiError })
      },
    )
    return () => controller.abort()
  }, [adopt, attempt])

  useEffect(
    () =>
      onUnauthenticated(() => {
        clearCsrfToken()
        setState((current) => (current.status === 'signed-in' ? { status: 'signed-out', reason: 'ended' } : current))
      }),
    [],
  )

  const signIn = useCallback(
    async (email: string, password: string) => {
      const { login } = await gqlRequest(LOGIN_MUTATION, { email, password })
      adopt(login)
      return login.account
    },
    [adopt],
  )

  const signOut = useCallback(async () => {
    try {
      await gqlRequest(LOGOUT_MUTATION, {})
    } catch (error) {
      const apiError = toApiError(error)
      if (apiError.code === 'CSRF_FAILED') {
        // The token in this tab is stale (e.g. signed in again in another tab): fetch the current one, retry once.
        const { session } = await gqlRequest(SESSION_QUERY, {})
        if (session) {
          setCsrfToken(session.csrfToken)
          await gqlRequest(LOGOUT_MUTATION, {})
        }
      } else if (apiError.code !== 'UNAUTHENTICATED') {
        throw apiError
      }
    }
    adopt(null, 'signed-out')
  }, [adopt])

  const reload = useCallback(() => {
    setState({ status: 'loading' })
    setAttempt((n) => n + 1)
  }, [])

  const value = useMemo(() => ({ state, signIn, signOut, reload }), [state, signIn, signOut, reload])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession must be used inside <SessionProvider>')
  return value
}

/** The signed-in account, for pages that the router only renders when signed in. */
export function useStaffAccount(): StaffAccount {
  const { state } = useSession()
  if (state.status !== 'signed-in') throw new Error('useStaffAccount needs a signed-in session')
  return state.account
}
