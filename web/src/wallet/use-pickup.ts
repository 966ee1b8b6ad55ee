/**
 * Holder pickup: ask for a one-time challenge for this site, sign it with the wallet's key (DID
 * authentication), and receive the credentials issued to this DID; they are added to the wallet.
 */
import { useCallback, useState } from 'react'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { gqlRequest } from '../graphql/client.ts'
import { CREATE_CHALLENGE_MUTATION, FETCH_MY_CREDENTIALS_MUTATION } from '../graphql/wallet-operations.ts'
import { signDidProof } from './signing.ts'
import { holderKey, storeCredentials } from './wallet-store.ts'

export type PickupState =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; added: number; total: number }
  | { status: 'error'; error: ApiError }

export function usePickup(): { state: PickupState; pickup: () => Promise<void> } {
  const [state, setState] = useState<PickupState>({ status: 'idle' })
  const pickup = useCallback(async () => {
    setState({ status: 'busy' })
    try {
      const domain = window.location.host
      const { createPresentationChallenge } = await gqlRequest(CREATE_CHALLENGE_MUTATION, { domain })
      const proof = await signDidProof(holderKey(), createPresentationChallenge.challenge, createPresentationChallenge.domain)
      const { fetchMyCredentials } = await gqlRequest(FETCH_MY_CREDENTIALS_MUTATION, { proof })
      const { added } = await storeCredentials(fetchMyCredentials)
      setState({ status: 'done', added, total: fetchMyCredentials.length })
    } catch (error) {
      setState({ status: 'error', error: toApiError(error) })
    }
  }, [])
  return { state, pickup }
}

export function pickupMessage(state: PickupState): string | undefined {
  if (state.status !== 'done') return undefined
  if (state.added === 0) return state.total === 0 ? 'No credential has been issued to this DID yet.' : 'No new credentials. Everything issued to you is already in your wallet.'
  return state.added === 1 ? 'One new credential was added to your wallet.' : `${state.added} new credentials were added to your wallet.`
}
