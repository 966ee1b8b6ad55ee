/**
 * What the wallet signs, always in the browser with the holder's key (mirrors server/src/wallet/holder-wallet.ts):
 * a DID-authentication proof to pick up credentials or sign in, a Verifiable Presentation for a verifier's
 * challenge and domain, and credentials the holder issues itself (a patient's consent). ES256K-R signatures.
 */
import { createJWT, ES256KSigner } from 'did-jwt'
import { createVerifiableCredentialJwt, createVerifiablePresentationJwt } from 'did-jwt-vc'
import { hexToBytes } from './encoding.ts'

export interface HolderKey {
  did: string
  privateKey: string
}

const PROOF_LIFETIME_SECONDS = 120
const PRESENTATION_LIFETIME_SECONDS = 300

function signerOf(key: HolderKey) {
  return ES256KSigner(hexToBytes(key.privateKey), true)
}

/** { iss: DID, aud: domain, nonce: challenge, iat, exp } — proves control of the DID to the server, once. */
export function signDidProof(key: HolderKey, challenge: string, domain: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return createJWT({ aud: domain, nonce: challenge, iat: now, exp: now + PROOF_LIFETIME_SECONDS }, { issuer: key.did, signer: signerOf(key), alg: 'ES256K-R' })
}

/** A Verifiable Presentation (JWT) of the chosen credentials for a verifier's challenge and domain. */
export function signPresentation(key: HolderKey, credentials: readonly string[], challenge: string, domain: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return createVerifiablePresentationJwt(
    {
      vp: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiablePresentation'], verifiableCredential: [...credentials] },
      nbf: now,
      exp: now + PRESENTATION_LIFETIME_SECONDS,
    },
    { did: key.did, signer: signerOf(key), alg: 'ES256K-R' },
    { challenge, domain },
  )
}

/** A credential signed by the holder itself (e.g. PatientConsentCredential). */
export function signOwnCredential(
  key: HolderKey,
  credential: { id: string; type: string[]; subject: Record<string, unknown> & { id: string }; validFrom: Date; validUntil: Date; status?: unknown },
): Promise<string> {
  return createVerifiableCredentialJwt(
    {
      jti: credential.id,
      sub: credential.subject.id,
      nbf: Math.floor(credential.validFrom.getTime() / 1000),
      exp: Math.floor(credential.validUntil.getTime() / 1000),
      vc: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: credential.type,
        credentialSubject: credential.subject,
        ...(credential.status ? { credentialStatus: credential.status } : {}),
      },
    } as Parameters<typeof createVerifiableCredentialJwt>[0],
    { did: key.did, signer: signerOf(key), alg: 'ES256K-R' },
  )
}

/** A patient's signed request (consent revocation, erasure) for a hospital's PATIENT_REQUEST challenge. */
export function signPatientRequest(key: HolderKey, request: { challenge: string; domain: string; action: 'consent.revoke' | 'records.erase'; target: string }): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return createJWT(
    { aud: request.domain, nonce: request.challenge, iat: now, exp: now + PROOF_LIFETIME_SECONDS, action: request.action, target: request.target },
    { issuer: key.did, signer: signerOf(key), alg: 'ES256K-R' },
  )
}
