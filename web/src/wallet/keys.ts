/**
 * The holder's key: a secp256k1 private key made in the browser (or imported as hex), its Ethereum address,
 * and the did:ethr DID on this platform's chain (`<didPrefix>:0x<address in lower case>`, e.g.
 * did:ethr:0x539:0xab…). Nothing here leaves the browser.
 */
import { secp256k1 } from '@noble/curves/secp256k1'
import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex, hexToBytes } from './encoding.ts'

export class InvalidPrivateKeyError extends Error {
  constructor() {
    super('Not a valid secp256k1 private key')
    this.name = 'InvalidPrivateKeyError'
  }
}

/** A fresh private key (32 bytes from the browser's CSPRNG), as 64 hex characters. */
export function generatePrivateKey(): string {
  return bytesToHex(secp256k1.utils.randomPrivateKey())
}

/** Checks and normalises an imported key: 64 hex characters, optional 0x, within the curve order. */
export function normalizePrivateKey(input: string): string {
  const hex = input.trim().replace(/^0x/i, '').toLowerCase()
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new InvalidPrivateKeyError()
  const bytes = hexToBytes(hex)
  if (!secp256k1.utils.isValidPrivateKey(bytes)) throw new InvalidPrivateKeyError()
  return hex
}

/** The Ethereum address of a private key: the last 20 bytes of keccak-256 of the uncompressed public key. */
export function addressOf(privateKeyHex: string): string {
  const publicKey = secp256k1.getPublicKey(hexToBytes(privateKeyHex), false)
  const hash = keccak_256(publicKey.slice(1))
  return `0x${bytesToHex(hash.slice(-20))}`
}

export function didOf(privateKeyHex: string, didPrefix: string): string {
  return `${didPrefix}:${addressOf(privateKeyHex)}`
}
