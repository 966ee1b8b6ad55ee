/**
 * Runs a query when the component mounts (and when its variables change), with loading, error and retry.
 * Options: `pollIntervalMs` re-asks in the background while the page is open (the data stays on screen, a
 * failed poll is shown only when there is nothing to show), `enabled: false` holds the query back, and
 * `replace(data)` puts a mutation's answer in place without asking again.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { toApiError, type ApiError } from './api-error.ts'
import { gqlRequest, type Operation, type Variables } from './client.ts'

export type QueryState<TData> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'success'; data: TData }

export interface QueryOptions {
  pollIntervalMs?: number
  enabled?: boolean
  /** A wallet's DID-session token (clinician or patient requests). */
  bearer?: string
}

export type QueryResult<TData> = QueryState<TData> & {
  refetch: () => void
  replace: (data: TData) => void
  /** The last background poll failed (the data shown may be stale). */
  pollError: ApiError | null
}

export function useQuery<TData, TVars extends Variables>(
  operation: Operation<TData, TVars>,
  variables: TVars,
  options: QueryOptions = {},
): QueryResult<TData> {
  const { pollIntervalMs, enabled = true, bearer } = options
  const [state, setState] = useState<QueryState<TData>>({ status: 'loading' })
  const [pollError, setPollError] = useState<ApiError | null>(null)
  const [attempt, setAttempt] = useState(0)
  const variablesKey = JSON.stringify(variables)
  const hasData = useRef(false)

  useEffect(() => {
    if (!enabled) return
    const controller = new AbortController()
    setState({ status: 'loading' })
    hasData.current = false
    gqlRequest(operation, JSON.parse(variablesKey) as TVars, { signal: controller.signal, ...(bearer ? { bearer } : {}) }).then(
      (data) => {
        hasData.current = true
        setPollError(null)
        setState({ status: 'success', data })
      },
      (error: unknown) => {
        const apiError = toApiError(error)
        if (apiError.code !== 'ABORTED') setState({ status: 'error', error: apiError })
      },
    )
    return () => controller.abort()
  }, [operation, variablesKey, attempt, enabled, bearer])

  useEffect(() => {
    if (!enabled || !pollIntervalMs) return
    let controller: AbortController | undefined
    const timer = window.setInterval(() => {
      if (!hasData.current || controller) return
      controller = new AbortController()
      gqlRequest(operation, JSON.parse(variablesKey) as TVars, { signal: controller.signal, ...(bearer ? { bearer } : {}) })
        .then(
          (data) => {
            setPollError(null)
            setState({ status: 'success', data })
          },
          (error: unknown) => {
            const apiError = toApiError(error)
            if (apiError.code !== 'ABORTED') setPollError(apiError)
          },
        )
        .finally(() => {
          controller = undefined
        })
    }, pollIntervalMs)
    return () => {
      window.clearInterval(timer)
      controller?.abort()
    }
  }, [operation, variablesKey, pollIntervalMs, enabled, bearer])

  const refetch = useCallback(() => setAttempt((n) => n + 1), [])
  const replace = useCallback((data: TData) => {
    hasData.current = true
    setState({ status: 'success', data })
  }, [])
  return { ...state, refetch, replace, pollError }
}
