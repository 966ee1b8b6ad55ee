/** The public operations a holder's wallet uses: no staff session, the holder proves control of its DID by signing. */
import { defineOperation } from './client.ts'
import type { HolderCredential, PresentationChallenge, PresentationRequest, SubmissionResult } from './types.ts'

export const CREATE_CHALLENGE_MUTATION = defineOperation<{ createPresentationChallenge: PresentationChallenge }, { domain: string }>(
  'CreatePresentationChallenge',
  /* GraphQL */ `
    mutation CreatePresentationChallenge($domain: String!) { createPresentationChallenge(domain: $domain) { challenge domain expiresAt } }
  `,
)

export const FETCH_MY_CREDENTIALS_MUTATION = defineOperation<{ fetchMyCredentials: HolderCredential[] }, { proof: string }>(
  'FetchMyCredentials',
  /* GraphQL */ `
    mutation FetchMyCredentials($proof: String!) {
      fetchMyCredentials(proof: $proof) { id type issuerDid issuerName jwt status issuedAt validUntil }
    }
  `,
)

export const PRESENTATION_REQUEST_QUERY = defineOperation<{ presentationRequest: PresentationRequest }, { id: string }>(
  'PresentationRequest',
  /* GraphQL */ `
    query PresentationRequest($id: ID!) {
      presentationRequest(id: $id) { id organizationName organizationDid purpose challenge domain expiresAt definition status }
    }
  `,
)

export const SUBMIT_PRESENTATION_MUTATION = defineOperation<{ submitPresentation: SubmissionResult }, { requestId: string; presentation: string }>(
  'SubmitPresentation',
  /* GraphQL */ `
    mutation SubmitPresentation($requestId: ID!, $presentation: String!) {
      submitPresentation(requestId: $requestId, presentation: $presentation) { verified message }
    }
  `,
)
