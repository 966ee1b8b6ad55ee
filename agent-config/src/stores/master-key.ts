/**
 * Sub-keys derived from the deployment's master key with HKDF-SHA256, one per purpose, so that the key
 * encrypting private keys never doubles as the key wrapping patients' record keys.
 */
import crypto from 'node:crypto'

export type MasterKeyPurpose = 'private-key-store' | 'record-key-wrap'

export function deriveKey(masterKey: Buffer, purpose: MasterKeyPurpose): Buffer {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes')
  return Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), `credgate:${purpose}:v1`, 32))
}

/** AES-256-GCM with a random 96-bit IV; `aad` binds the ciphertext to its row (alias, patient id...). */
export function sealAesGcm(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.')
}

export class DecryptionError extends Error {
  override name = 'DecryptionError'
}

export function openAesGcm(key: Buffer, sealed: string, aad: string): Buffer {
  const [version, iv, body, tag] = sealed.split('.')
  if (version !== 'v1' || !iv || body === undefined || !tag) throw new DecryptionError('unknown ciphertext format')
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(aad, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()])
  } catch {
    throw new DecryptionError('ciphertext failed authentication (tampered, or another master key)')
  }
}
