/** Veramo key store (public keys and metadata) on Prisma. */
import { AbstractKeyStore } from '@veramo/key-manager'
import type { IKey, ManagedKeyInfo, TKeyType } from '@veramo/core-types'
import type { StoreDb } from '../prisma-types.js'

export class PrismaKeyStore extends AbstractKeyStore {
  constructor(private readonly db: StoreDb) {
    super()
  }

  async importKey(args: Partial<IKey>): Promise<boolean> {
    if (!args.kid || !args.kms || !args.type || !args.publicKeyHex) throw new Error('invalid_argument: kid, kms, type and publicKeyHex are required')
    const { privateKeyHex: _never, ...rest } = args
    void _never // private halves belong to the private key store only
    await this.db.managedKey.upsert({
      where: { kid: args.kid },
      create: { kid: args.kid, kms: args.kms, type: args.type, publicKeyHex: args.publicKeyHex, meta: JSON.stringify(rest.meta ?? {}) },
      update: { kms: args.kms, type: args.type, publicKeyHex: args.publicKeyHex, meta: JSON.stringify(rest.meta ?? {}) },
    })
    return true
  }

  async getKey({ kid }: { kid: string }): Promise<IKey> {
    const row = await this.db.managedKey.findUnique({ where: { kid } })
    if (!row) throw new Error('not_found: Key not found')
    return toKey(row)
  }

  async deleteKey({ kid }: { kid: string }): Promise<boolean> {
    const { count } = await this.db.managedKey.deleteMany({ where: { kid } })
    if (count === 0) throw new Error('not_found: Key not found')
    return true
  }

  async listKeys(): Promise<ManagedKeyInfo[]> {
    const rows = await this.db.managedKey.findMany()
    return rows.map(toKey)
  }
}

export function toKey(row: { kid: string; kms: string; type: string; publicKeyHex: string; meta: string }): IKey {
  return { kid: row.kid, kms: row.kms, type: row.type as TKeyType, publicKeyHex: row.publicKeyHex, meta: JSON.parse(row.meta) }
}
