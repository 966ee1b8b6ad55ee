/**
 * A key rotation changes the organisation DID's owner on chain first, then switches the signing key in the
 * key store. A crash between the two would leave the organisation signing with a key the chain no longer
 * accepts. At start-up each organisation's signing key is compared with its owner on chain:
 *  - when the key manager holds the owner's key, the rotation is completed (that key signs from now on, the
 *    status lists are re-signed), audited, and an alert asks the organisation whether the rotation was for a
 *    compromise (then it must rotate again as COMPROMISED: this start cannot know why it was started);
 *  - when it does not, nothing is guessed: the organisation is reported and keeps its store as it is.
 */
import { Contract, computeAddress, type JsonRpcProvider } from 'ethers'
import type { IKey } from '@veramo/core-types'
import type { CredGateAgent } from '../../../../agent-config/src/create-agent.js'
import { didEthrAddress } from '../../../../agent-config/src/did-address.js'
import { PrismaDIDStore } from '../../../../agent-config/src/stores/prisma-did-store.js'
import { DID_REGISTRY_ABI } from '../../chain/registry.js'
import type { Db } from '../../db.js'
import type { Logger } from '../../logger.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'

export interface ReconcileDeps {
  db: Db
  agent: CredGateAgent
  provider: JsonRpcProvider
  chain: { registry: string }
  logger?: Logger
}

export type KeyReconciliation = { orgId: string; did: string; outcome: 'completed' | 'owner-key-unknown' }

const addressOf = (publicKeyHex: string) => computeAddress(`0x${publicKeyHex.replace(/^0x/, '')}`).toLowerCase()

export async function reconcileOrganizationKeys(deps: ReconcileDeps): Promise<KeyReconciliation[]> {
  // A rotation creates its new key unlinked and links it when it switches the store: without an unlinked key,
  // no rotation was cut short, and start-up need not ask the chain about every organisation.
  if ((await deps.db.managedKey.count({ where: { did: null } })) === 0) return []
  const registry = new Contract(deps.chain.registry, DID_REGISTRY_ABI as never, deps.provider)
  const identityOwner = registry.getFunction('identityOwner') as (identity: string) => Promise<string>
  const out: KeyReconciliation[] = []
  for (const org of await deps.db.organization.findMany({ select: { id: true, did: true } })) {
    const identity = didEthrAddress(org.did)
    const row = await deps.db.managedIdentifier.findUnique({ where: { did: org.did }, include: { keys: true } })
    if (!identity || !row) continue
    const signing = row.keys.find((k) => k.kid === row.controllerKeyId) ?? row.keys[0]
    const owner = (await identityOwner(identity)).toLowerCase()
    if (signing && addressOf(signing.publicKeyHex) === owner) continue

    const ownerKey = (await deps.db.managedKey.findMany({ where: { OR: [{ did: null }, { did: org.did }] } })).find((k) => addressOf(k.publicKeyHex) === owner)
    if (!ownerKey) {
      deps.logger?.error('organisation DID is owned on chain by a key this server does not hold; it cannot sign until that is resolved', { orgId: org.id, did: org.did, owner })
      out.push({ orgId: org.id, did: org.did, outcome: 'owner-key-unknown' })
      continue
    }
    const key: IKey = { kid: ownerKey.kid, kms: ownerKey.kms, type: ownerKey.type as IKey['type'], publicKeyHex: ownerKey.publicKeyHex, meta: JSON.parse(ownerKey.meta) as IKey['meta'] }
    const identifier = await deps.agent.didManagerGet({ did: org.did })
    await new PrismaDIDStore(deps.db).importDID({ ...identifier, controllerKeyId: key.kid, keys: [key] })
    await deps.db.$transaction(async (tx) => {
      await tx.statusListGroup.updateMany({ where: { issuerDid: org.did }, data: { version: { increment: 1 } } })
      const entry = await appendAuditEntry(tx, {
        actorType: 'SYSTEM',
        actor: 'startup',
        orgId: org.id,
        action: 'organization.key_rotate',
        subjectType: 'ORGANIZATION',
        subject: org.id,
        decision: 'DONE',
        reasonCode: 'INTERRUPTED_ROTATION_COMPLETED',
        details: { did: org.did, oldKeyId: signing?.kid ?? null, newKeyId: key.kid },
      })
      await tx.alert.create({
        data: {
          orgId: org.id,
          ruleKey: 'organization.rotation_interrupted',
          severity: 'HIGH',
          message: 'A key rotation was interrupted and has been completed at start-up. If it was started because the key was compromised, rotate again as COMPROMISED now.',
          actor: 'startup',
          subject: org.id,
          auditSeq: entry.seq,
        },
      })
    })
    deps.logger?.warn('completed an interrupted key rotation', { orgId: org.id, did: org.did, newKeyId: key.kid })
    out.push({ orgId: org.id, did: org.did, outcome: 'completed' })
  }
  return out
}
