/**
 * The live status of the wallet's credentials: each is verified by CredGate (signature, dates, revocation and
 * suspension, issuer accreditation) whenever the list changes or on request.
 */
import { useCallback, useEffect, useState } from 'react'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest } from '../graphql/client.ts'
import { VERIFY_CREDENTIAL_MUTATION } from '../graphql/credential-operations.ts'
import type { VerificationReport } from '../graphql/types.ts'
import type { HeldCredential } from './vault.ts'

export type LiveStatus = { status: 'checking' } | { status: 'checked'; report: VerificationReport } | { status: 'error'; error: ApiError }

export function useLiveStatus(credentials: readonly HeldCredential[]): { statuses: Record<string, LiveStatus>; recheck: () => void } {
  const [statuses, setStatuses] = useState<Record<string, LiveStatus>>({})
  const [round, setRound] = useState(0)
  const key = credentials.map((c) => c.id).join('|')

  useEffect(() => {
    let current = true
    const list = credentials
    setStatuses(Object.fromEntries(list.map((c) => [c.id, { status: 'checking' } as LiveStatus])))
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

  const recheck = useCallback(() => setRound((n) => n + 1), [])
  return { statuses, recheck }
}
