/**
 * Rotates an organisation's signing key on chain (EthereumDIDRegistry owner change to a fresh key) — the rule,
 * documented in README "Key rotation and compromise":
 *  - SCHEDULED: credentials signed with the old key stay valid; verifiers check them against the issuer's
 *    DID document as of their issuance (versionTime), where the old key was the controller. Status lists are
 *    re-signed with the new key at once.
 *  - COMPROMISED: the old key may be in an attacker's hands, who could sign backdated credentials with it. So
 *    every status list group of the issuer is frozen (no new indexes; its revocation list reads "revoked" for
 *    every index, which also catches forgeries on unallocated indexes), every live credential signed with the
 *    old key is revoked and re-issued with the new key (linked as superseded), and the lists are re-signed by
 *    the new key (suspended ones stay suspended). The verifier refuses any signature by a key rotated out as
 *    compromised (KeyRotation), whatever issuance date and status list it claims: nothing signed with the old
 *    key verifies afterwards.
 */
import type { IKey } from '@veramo/core-types'
import { KmsEthereumSigner } from '@veramo/did-provider-ethr'
import { Contract, computeAddress, type NonceManager } from 'ethers'
import type { CredGateAgent } from '../../../../agent-config/src/create-agent.js'
import { didEthrAddress } from '../../../../agent-config/src/did-address.js'
import { PrismaDIDStore } from '../../../../agent-config/src/stores/prisma-did-store.js'
import { DID_REGISTRY_ABI } from '../../chain/registry.js'
import type { Db } from '../../db.js'
import { AppError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import type { CredentialType } from '../credentials/credential-types.js'
import { currentKeyOf, issueCredentials } from '../credentials/issue-credentials.js'
import { notFound } from '../tenant-scope.js'
import { ORG_FUNDING } from './create-organization.js'

export interface RotationDeps {
  db: Db
  agent: CredGateAgent
  provider: import('ethers').JsonRpcProvider
  funder: NonceManager | undefined
  chain: { registry: string }
  config: { publicUrl: string }
}

export type RotationReason = 'SCHEDULED' | 'COMPROMISED'

export async function rotateOrganizationKey(deps: RotationDeps, args: { orgId: string; actor: AuditActor; reason: RotationReason }) {
  const org = await deps.db.organization.findUnique({ where: { id: args.orgId } })
  if (!org) throw notFound('Organisation')
  const identity = didEthrAddress(org.did)
  if (!identity) throw new AppError('CONFLICT', 'organisation DID is not a did:ethr')
  const identifier = await deps.agent.didManagerGet({ did: org.did })
  const oldKey = identifier.keys.find((k) => k.kid === identifier.controllerKeyId) ?? identifier.keys[0]
  if (!oldKey) throw new AppError('CONFLICT', 'the organisation has no signing key in the key manager')

  const newKey = await deps.agent.keyManagerCreate({ kms: 'local', type: 'Secp256k1' })
  const newAddress = computeAddress(`0x${newKey.publicKeyHex}`)
  if (deps.funder) await (await deps.funder.sendTransaction({ to: newAddress, value: ORG_FUNDING })).wait()
  const tx = await changeDidOwner(deps, { identity, ownerKey: oldKey, newOwner: newAddress })
  // The new key signs from now on (Veramo signs with the identifier's first key).
  await new PrismaDIDStore(deps.db).importDID({ ...identifier, controllerKeyId: newKey.kid, keys: [newKey] })

  let reissued = 0
  if (args.reason === 'COMPROMISED') {
    await deps.db.statusListGroup.updateMany({ where: { issuerDid: org.did }, data: { frozen: true, full: true } })
    reissued = await reissueLiveCredentials(deps, { id: org.id, did: org.did }, args.actor)
  }
  const rotation = await deps.db.$transaction(async (txDb) => {
    // Every list is re-signed with the new key on its next request.
    await txDb.statusListGroup.updateMany({ where: { issuerDid: org.did }, data: { version: { increment: 1 } } })
    const row = await txDb.keyRotation.create({ data: { orgId: org.id, did: org.did, oldKeyId: oldKey.kid, newKeyId: newKey.kid, reason: args.reason, txHash: tx.hash, reissued } })
    await appendAuditEntry(txDb, {
      ...args.actor,
      orgId: org.id,
      action: 'organization.key_rotate',
      subjectType: 'ORGANIZATION',
      subject: org.id,
      decision: 'DONE',
      reasonCode: args.reason,
      details: { did: org.did, oldKeyId: oldKey.kid, newKeyId: newKey.kid, txHash: tx.hash, reissued },
    })
    return row
  })
  // The old private key is no longer needed: destroy it.
  await deps.agent.keyManagerDelete({ kid: oldKey.kid })
  return rotation
}

/**
 * Re-issues every ACTIVE or SUSPENDED credential of the issuer with the current key; the old ones end REVOKED.
 * A suspended credential's replacement is issued suspended: a compromise must not lift a suspension.
 */
async function reissueLiveCredentials(deps: RotationDeps, issuer: { id: string; did: string }, actor: AuditActor): Promise<number> {
  const live = await deps.db.issuedCredential.findMany({ where: { orgId: issuer.id, status: { in: ['ACTIVE', 'SUSPENDED'] } } })
  for (let i = 0; i < live.length; i += 100) {
    const batch = live.slice(i, i + 100)
    // Without a natural key there is no supersession: revoke those explicitly after re-issuing.
    const items = batch.map((c) => ({
      type: c.type as CredentialType,
      subjectDid: c.subjectDid,
      claims: JSON.parse(c.claims) as Record<string, unknown>,
      validFrom: new Date(),
      validUntil: c.validUntil ?? undefined,
      naturalKey: c.naturalKey ?? `reissue:${c.id}`,
      ...(c.status === 'SUSPENDED' ? { suspended: { reason: `suspension of ${c.id} carried over on re-issue after a key compromise` } } : {}),
    }))
    // Make the old ones "current" for supersession under their key, so the new ones link back to them.
    await deps.db.$transaction(
      batch.filter((c) => !c.naturalKey).map((c) => deps.db.issuedCredential.update({ where: { id: c.id }, data: { currentKey: currentKeyOf(issuer.id, `reissue:${c.id}`) } })),
    )
    await issueCredentials(deps, { issuer, actor, items })
  }
  return live.length
}

/** Makes `newOwner` the owner of `identity` in the EthereumDIDRegistry, signed by the current owner's key. */
export async function changeDidOwner(deps: Pick<RotationDeps, 'agent' | 'provider' | 'chain'>, args: { identity: string; ownerKey: IKey; newOwner: string }) {
  const signer = new KmsEthereumSigner(args.ownerKey, { agent: deps.agent } as never, deps.provider as never)
  const registry = new Contract(deps.chain.registry, DID_REGISTRY_ABI as never, signer)
  const tx = await (registry.getFunction('changeOwner') as (a: string, b: string) => Promise<{ hash: string; wait(): Promise<unknown> }>)(args.identity, args.newOwner)
  await tx.wait()
  return tx
}
