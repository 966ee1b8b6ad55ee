/**
 * Checks who signed a JWT: the signer's DID is resolved on chain (through the chain-aware cache) and the
 * signature must match a key the document authorises for the purpose (assertionMethod for credentials,
 * authentication for presentations). A `kid` must name such a key. A credential signed by a controller key
 * that has since been rotated out (owner change) is checked against the document as of its issuance
 * (versionTime); keys removed by revocation are never looked up in the past.
 */
import type { DIDDocument, Resolvable, VerificationMethod } from 'did-resolver'
import { computeAddress } from 'ethers'
import type { ParsedJwt } from './parse-jwt.js'
import { CheckFailure } from './report.js'
import { verifyWithAddress, verifyWithPublicKey } from './secp256k1.js'

export type Relationship = 'assertionMethod' | 'authentication'

export interface SignerMatch {
  keyId: string
  /** Verified against the document as of `at` (key rotated out since). */
  rotatedAt?: string
  /** With rotatedAt: the Ethereum address of that rotated-out key (lower case). */
  rotatedKeyAddress?: string
}

const KEY_TYPES = new Set(['EcdsaSecp256k1VerificationKey2019', 'EcdsaSecp256k1RecoveryMethod2020', 'JsonWebKey2020', 'Multikey'])

export async function resolveDocument(resolver: Resolvable, didUrl: string): Promise<DIDDocument> {
  let result
  try {
    result = await resolver.resolve(didUrl)
  } catch (error) {
    throw new CheckFailure('DID_UNRESOLVABLE', `${didUrl.slice(0, 120)} could not be resolved: ${(error as Error).message}`)
  }
  const error = result.didResolutionMetadata.error
  if (error || !result.didDocument) throw new CheckFailure('DID_UNRESOLVABLE', `${didUrl.slice(0, 120)} could not be resolved (${error ?? 'no document'}${result.didResolutionMetadata.message ? `: ${String(result.didResolutionMetadata.message).slice(0, 200)}` : ''})`)
  if (result.didDocumentMetadata.deactivated) throw new CheckFailure('DID_UNRESOLVABLE', `${didUrl.slice(0, 120)} is deactivated`)
  return result.didDocument
}

function methodsFor(doc: DIDDocument, relationship: Relationship): VerificationMethod[] {
  const all = doc.verificationMethod ?? []
  return (doc[relationship] ?? [])
    .map((ref) => (typeof ref === 'string' ? all.find((vm) => vm.id === ref || `${doc.id}${ref}` === vm.id) : ref))
    .filter((vm): vm is VerificationMethod => vm !== undefined && KEY_TYPES.has(vm.type))
}

function matches(parsed: ParsedJwt, vm: VerificationMethod): boolean {
  const sig = parsed.signature
  if (vm.publicKeyHex) return verifyWithPublicKey(parsed.signingInput, sig, vm.publicKeyHex)
  const jwk = vm.publicKeyJwk
  if (jwk && jwk.kty === 'EC' && jwk.crv === 'secp256k1' && jwk.x && jwk.y) {
    const hex = `04${Buffer.from(jwk.x, 'base64url').toString('hex')}${Buffer.from(jwk.y, 'base64url').toString('hex')}`
    return verifyWithPublicKey(parsed.signingInput, sig, hex)
  }
  const account = vm.blockchainAccountId ?? (vm as { ethereumAddress?: string }).ethereumAddress
  if (account) {
    const address = account.split(':').pop()!
    return /^0x[0-9a-fA-F]{40}$/.test(address) && verifyWithAddress(parsed.signingInput, sig, address)
  }
  return false
}

function normaliseKid(kid: string, did: string): string {
  return kid.startsWith('#') ? `${did}${kid}` : kid
}

export async function verifySigner(
  resolver: Resolvable,
  parsed: ParsedJwt,
  did: string,
  relationship: Relationship,
  options: { rotationCheckAt?: Date } = {},
): Promise<SignerMatch> {
  const doc = await resolveDocument(resolver, did)
  let candidates = methodsFor(doc, relationship)
  const kid = parsed.header.kid ? normaliseKid(parsed.header.kid, did) : undefined
  if (kid) {
    if (kid.split('#')[0] !== did) throw new CheckFailure('KEY_NOT_AUTHORIZED', `kid ${kid.slice(0, 150)} does not belong to ${did}`)
    const authorised = candidates.find((vm) => vm.id === kid)
    if (!authorised) {
      const exists = (doc.verificationMethod ?? []).some((vm) => vm.id === kid)
      // A kid that is gone may belong to a controller key rotated out since issuance: looked at below.
      if (exists || !options.rotationCheckAt) {
        throw new CheckFailure('KEY_NOT_AUTHORIZED', exists ? `key ${kid} is not authorised for ${relationship}` : `key ${kid} is not in ${did}'s current DID document`)
      }
      candidates = []
    } else {
      candidates = [authorised]
    }
  }
  const match = candidates.find((vm) => matches(parsed, vm))
  if (match) return { keyId: match.id }

  const unauthorised = (doc.verificationMethod ?? []).find((vm) => !candidates.includes(vm) && KEY_TYPES.has(vm.type) && matches(parsed, vm))
  if (unauthorised && !kid) throw new CheckFailure('KEY_NOT_AUTHORIZED', `signed by ${unauthorised.id}, which is not authorised for ${relationship}`)

  if (options.rotationCheckAt) {
    const at = options.rotationCheckAt.toISOString()
    const past = await resolveDocument(resolver, `${did}?versionTime=${at}`)
    const controllers = methodsFor(past, relationship).filter((vm) => vm.id === `${did}#controller` || vm.id === `${did}#controllerKey`)
    const stillCurrent = (vm: VerificationMethod) => (doc.verificationMethod ?? []).some((c) => sameKey(c, vm))
    const rotated = controllers.find((vm) => (!kid || vm.id === kid) && !stillCurrent(vm) && matches(parsed, vm))
    if (rotated) return { keyId: rotated.id, rotatedAt: at, rotatedKeyAddress: keyAddress(rotated) }
    if (kid) throw new CheckFailure('KEY_NOT_AUTHORIZED', `key ${kid} is not in ${did}'s DID document`)
  }
  throw new CheckFailure('SIGNATURE_INVALID', `the signature does not match any key ${did} authorises for ${relationship}`)
}

function keyAddress(vm: VerificationMethod): string | undefined {
  return vm.publicKeyHex ? computeAddress(`0x${vm.publicKeyHex.replace(/^0x/, '')}`).toLowerCase() : (vm.blockchainAccountId ?? '').split(':').pop()?.toLowerCase()
}

function sameKey(a: VerificationMethod, b: VerificationMethod): boolean {
  return keyAddress(a) === keyAddress(b)
}
