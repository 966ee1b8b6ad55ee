/** Veramo identifier store on Prisma (organisations' DIDs; people's DIDs are never stored with keys here). */
import { AbstractDIDStore } from '@veramo/did-manager'
import type { IIdentifier, IService } from '@veramo/core-types'
import type { StoreDb } from '../prisma-types.js'
import { toKey } from './prisma-key-store.js'

export class PrismaDIDStore extends AbstractDIDStore {
  constructor(private readonly db: StoreDb) {
    super()
  }

  async importDID(args: IIdentifier): Promise<boolean> {
    const services = JSON.stringify(args.services ?? [])
    await this.db.$transaction(async (tx) => {
      await tx.managedIdentifier.upsert({
        where: { did: args.did },
        create: { did: args.did, alias: args.alias ?? null, provider: args.provider, controllerKeyId: args.controllerKeyId ?? null, services },
        update: { alias: args.alias ?? null, provider: args.provider, controllerKeyId: args.controllerKeyId ?? null, services },
      })
      for (const key of args.keys) {
        const meta = JSON.stringify(key.meta ?? {})
        await tx.managedKey.upsert({
          where: { kid: key.kid },
          create: { kid: key.kid, kms: key.kms, type: key.type, publicKeyHex: key.publicKeyHex, meta, did: args.did },
          update: { did: args.did, meta },
        })
      }
      // Keys removed from the identifier are detached (their private half stays until deleted by the key manager).
      await tx.managedKey.updateMany({ where: { did: args.did, kid: { notIn: args.keys.map((k) => k.kid) } }, data: { did: null } })
    })
    return true
  }

  async getDID(args: { did: string } | { alias: string }): Promise<IIdentifier> {
    const row = await this.db.managedIdentifier.findFirst({
      where: 'did' in args ? { did: args.did } : { alias: args.alias },
      include: { keys: true },
    })
    if (!row) throw new Error('not_found: Identifier not found')
    return toIdentifier(row)
  }

  async deleteDID({ did }: { did: string }): Promise<boolean> {
    const result = await this.db.$transaction(async (tx) => {
      await tx.managedKey.updateMany({ where: { did }, data: { did: null } })
      return tx.managedIdentifier.deleteMany({ where: { did } })
    })
    return result.count > 0
  }

  async listDIDs(args: { alias?: string; provider?: string }): Promise<IIdentifier[]> {
    const rows = await this.db.managedIdentifier.findMany({
      where: { ...(args.alias ? { alias: args.alias } : {}), ...(args.provider ? { provider: args.provider } : {}) },
      include: { keys: true },
    })
    return rows.map(toIdentifier)
  }
}

function toIdentifier(row: {
  did: string
  alias: string | null
  provider: string
  controllerKeyId: string | null
  services: string
  keys: Array<{ kid: string; kms: string; type: string; publicKeyHex: string; meta: string }>
}): IIdentifier {
  return {
    did: row.did,
    ...(row.alias ? { alias: row.alias } : {}),
    provider: row.provider,
    ...(row.controllerKeyId ? { controllerKeyId: row.controllerKeyId } : {}),
    keys: row.keys.map(toKey),
    services: JSON.parse(row.services) as IService[],
  }
}
