/**
 * What a clinician's or patient's own wallet does with its key (the CLI wallet and tests use this; the
 * browser wallet does the same in the page): present credentials for a challenge, sign credentials it
 * issues itself (a patient's consent), sign arbitrary requests. The key never leaves this object.
 */
import { ES256KSigner, createJWT } from 'did-jwt'
import { createVerifiableCredentialJwt, createVerifiablePresentationJwt } from 'did-jwt-vc'
import { Wallet } from 'ethers'

export interface HolderKey {
  did: string
  privateKey: string
}

export class HolderWallet {
  readonly did: string
  readonly #signer: ReturnType<typeof ES256KSigner>

  constructor(key: HolderKey) {
    this.did = key.did
    this.#signer = ES256KSigner(Buffer.from(key.privateKey.replace(/^0x/, ''), 'hex'), true)
  }

  static create(didPrefix: string): { wallet: HolderWallet; key: HolderKey } {
    const w = Wallet.createRandom()
    const key = { did: `${didPrefix}:${w.address.toLowerCase()}`, privateKey: w.privateKey }
    return { wallet: new HolderWallet(key), key }
  }

  /** A Verifiable Presentation (JWT, ES256K-R) of `credentials` for a verifier's challenge and domain. */
  present(credentials: string[], challenge: string, domain: string, options: { expiresInSeconds?: number } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000)
    return createVerifiablePresentationJwt(
      {
        vp: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiablePresentation'], verifiableCredential: credentials },
        nbf: now,
        exp: now + (options.expiresInSeconds ?? 300),
      },
      { did: this.did, signer: this.#signer, alg: 'ES256K-R' },
      { challenge, domain },
    )
  }

  /** Proof of control of this DID for one of the server's challenges (DID authentication). */
  authProof(challenge: string, domain: string, extra: Record<string, unknown> = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000)
    return createJWT({ aud: domain, nonce: challenge, iat: now, exp: now + 120, ...extra }, { issuer: this.did, signer: this.#signer }, { alg: 'ES256K-R' })
  }

  /** A credential signed by this holder (e.g. a patient's PatientConsentCredential). */
  issue(credential: { id?: string; type: string[]; subject: Record<string, unknown>; validFrom: Date; validUntil?: Date; status?: unknown }): Promise<string> {
    return createVerifiableCredentialJwt(
      {
        ...(credential.id ? { jti: credential.id } : {}),
        sub: credential.subject.id as string,
        nbf: Math.floor(credential.validFrom.getTime() / 1000),
        ...(credential.validUntil ? { exp: Math.floor(credential.validUntil.getTime() / 1000) } : {}),
        vc: {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: credential.type,
          credentialSubject: credential.subject,
          ...(credential.status ? { credentialStatus: credential.status } : {}),
        },
      } as never,
      { did: this.did, signer: this.#signer, alg: 'ES256K-R' },
    )
  }
}
