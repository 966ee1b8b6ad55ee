/**
 * Veramo private-key store on Prisma. Key material is sealed with AES-256-GCM under a key derived from the
 * master key, bound to the key's alias, so a row copied onto another alias does not decrypt.
 */
import crypto from 'node:crypto'
import { AbstractPrivateKeyStore, type ImportablePrivateKey, type ManagedPrivateKey } from '@veramo/key-manager'
import type { TKeyType } from '@veramo/core-types'
import type { StoreDb } from '../prisma-types.js'
import { deriveKey, openAesGcm, sealAesGcm } from './master-key.js'

export class EncryptedPrivateKeyStore extends AbstractPrivateKeyStore {
  readonly #key: Buffer

  constructor(
    private readonly db: StoreDb,
    masterKey: Buffer,
  ) {
    super()
    this.#key = deriveKey(masterKey, 'private-key-store')
  }

  async importKey(args: ImportablePrivateKey): Promise<ManagedPrivateKey> {
    const alias = args.alias ?? crypto.randomUUID()
    if (!/^[0-9a-fA-F]+$/.test(args.privateKeyHex)) throw new Error('private key must be hex')
    const ciphertext = sealAesGcm(this.#key, Buffer.from(args.privateKeyHex, 'hex'), alias)
    const existing = await this.db.encryptedPrivateKey.findUnique({ where: { alias } })
    if (existing) throw new Error(`key_already_exists: a private key with alias ${alias} already exists`)
    await this.db.encryptedPrivateKey.create({ data: { alias, type: args.type, ciphertext } })
    return { alias, type: args.type, privateKeyHex: args.privateKeyHex }
  }

  async getKey({ alias }: { alias: string }): Promise<ManagedPrivateKey> {
    const row = await this.db.encryptedPrivateKey.findUnique({ where: { alias } })
    if (!row) throw new Error('not_found: private key not found')
    const privateKeyHex = openAesGcm(this.#key, row.ciphertext, alias).toString('hex')
    return { alias, type: row.type as TKeyType, privateKeyHex }
  }

  async deleteKey({ alias }: { alias: string }): Promise<boolean> {
    const { count } = await this.db.encryptedPrivateKey.deleteMany({ where: { alias } })
    return count > 0
  }

  async listKeys(): Promise<ManagedPrivateKey[]> {
    // Listing never decrypts: callers get aliases and types only.
    const rows = await this.db.encryptedPrivateKey.findMany({ select: { alias: true, type: true } })
    return rows.map((r) => ({ alias: r.alias, type: r.type as TKeyType, privateKeyHex: '' }))
  }
}
