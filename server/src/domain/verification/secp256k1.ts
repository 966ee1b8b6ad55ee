/**
 * ES256K signature checks. Known public keys go through node:crypto (OpenSSL, ~4x the JS curve speed here);
 * keys known only by address (blockchainAccountId) are recovered with @noble/curves, once per signer: the
 * recovered public key is remembered, so a holder's next signature takes the fast path. High-S signatures
 * are refused (one valid encoding per signature, like did-jwt).
 */
import crypto from 'node:crypto'
import { secp256k1 } from '@noble/curves/secp256k1'
import { computeAddress } from 'ethers'

const N = secp256k1.CURVE.n
const HALF_N = N >> 1n
const keyObjects = new Map<string, crypto.KeyObject>()

/** A KeyObject for a compressed or uncompressed hex public key (cached). */
export function publicKeyObject(publicKeyHex: string): crypto.KeyObject {
  const hex = publicKeyHex.replace(/^0x/, '').toLowerCase()
  let key = keyObjects.get(hex)
  if (!key) {
    const point = secp256k1.ProjectivePoint.fromHex(hex)
    const raw = point.toRawBytes(false)
    key = crypto.createPublicKey({
      key: { kty: 'EC', crv: 'secp256k1', x: Buffer.from(raw.subarray(1, 33)).toString('base64url'), y: Buffer.from(raw.subarray(33, 65)).toString('base64url') },
      format: 'jwk',
    })
    if (keyObjects.size > 50_000) keyObjects.clear()
    keyObjects.set(hex, key)
  }
  return key
}

export function isLowS(signature: Uint8Array): boolean {
  const s = BigInt(`0x${Buffer.from(signature.subarray(32, 64)).toString('hex')}`)
  return s > 0n && s <= HALF_N
}

/** r||s (64 bytes, the first 64 of an ES256K-R signature) over sha256(signingInput) by `publicKeyHex`. */
export function verifyWithPublicKey(signingInput: string, signature: Uint8Array, publicKeyHex: string): boolean {
  const rs = signature.subarray(0, 64)
  if (!isLowS(rs)) return false
  try {
    return crypto.verify('sha256', Buffer.from(signingInput), { key: publicKeyObject(publicKeyHex), dsaEncoding: 'ieee-p1363' }, rs)
  } catch {
    return false
  }
}

const recoveredByAddress = new Map<string, string>()

/** Does the signature come from the key behind `address`? (ES256K-R: its recovery bit; ES256K: both.) */
export function verifyWithAddress(signingInput: string, signature: Uint8Array, address: string): boolean {
  const target = address.toLowerCase()
  const known = recoveredByAddress.get(target)
  if (known && verifyWithPublicKey(signingInput, signature, known)) return true
  const rs = signature.subarray(0, 64)
  if (!isLowS(rs)) return false
  const digest = crypto.createHash('sha256').update(signingInput).digest()
  const bits = signature.length === 65 ? [signature[64]! >= 27 ? signature[64]! - 27 : signature[64]!] : [0, 1]
  for (const bit of bits) {
    if (bit !== 0 && bit !== 1) continue
    try {
      const point = secp256k1.Signature.fromCompact(rs).addRecoveryBit(bit).recoverPublicKey(digest)
      const hex = point.toHex(true)
      if (computeAddress(`0x${hex}`).toLowerCase() === target) {
        if (recoveredByAddress.size > 50_000) recoveredByAddress.clear()
        recoveredByAddress.set(target, hex)
        return true
      }
    } catch {
      // not a valid recovery for this bit
    }
  }
  return false
}
