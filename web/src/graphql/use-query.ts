/** Runs a query when the component mounts (and when its variables change), with loading, error and retry. */
import { useCallback, useEffect, useState } from 'react'
import { toApiError, type ApiError } from './api-error.ts'
import { gqlRequest, type Operation, type Variables } from './client.ts'

export type QueryState<TData> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'success'; data: TData }

export function useQuery<TData, TVars extends Variables>(
  operation: Operation<TData, TVars>,
  variables: TVars,
): QueryState<TData> & { refetch: () => void } {
  const [state, setState] = useState<QueryState<TData>>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const variablesKey = JSON.stringify(variables)

  useEffect(() => {
    const controller = new AbortController()
    setState({ status: 'loading' })
    gqlRequest(operation, JSON.parse(variablesKey) as TVars, { signal: controller.signal }).then(
      (data) => setState({ status: 'success', data }),
      (error: unknown) => {
        const apiError = toApiError(error)
        if (apiError.code !== 'ABORTED') setState({ status: 'error', error: apiError })
      },
    )
    return () => controller.abort()
  }, [operation, variablesKey, attempt])

  const refetch = useCallback(() => setAttempt((n) => n + 1), [])
  return { ...state, refetch }
}
