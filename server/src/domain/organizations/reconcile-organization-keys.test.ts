import { computeAddress } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { didEthrAddress } from '../../../../agent-config/src/did-address.js'
import { licenseClaims, seedCredential } from '../../../../prisma/seed/seed-functions.js'
import { seedCredentialWorld } from '../../testing/credential-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { ORG_FUNDING } from './create-organization.js'
import { reconcileOrganizationKeys } from './reconcile-organization-keys.js'
import { changeDidOwner } from './rotate-organization-key.js'

describe('a key rotation cut short by a crash', () => {
  let p: TestPlatform
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  beforeAll(async () => {
    p = await startTestPlatform()
    w = await seedCredentialWorld(p)
  })
  afterAll(async () => {
    await p.destroy()
  })

  it('is completed at the next start when the key manager holds the new owner key, audited and alerted', async () => {
    expect(await reconcileOrganizationKeys(p)).toEqual([]) // nothing to do when store and chain agree
    // The rotation's first steps only: a new key, and the owner changed on chain; then the "crash".
    const identifier = await p.agent.didManagerGet({ did: w.board.did })
    const newKey = await p.agent.keyManagerCreate({ kms: 'local', type: 'Secp256k1' })
    const newAddress = computeAddress(`0x${newKey.publicKeyHex}`)
    await (await p.funder!.sendTransaction({ to: newAddress, value: ORG_FUNDING })).wait()
    await changeDidOwner(p, { identity: didEthrAddress(w.board.did)!, ownerKey: identifier.keys[0]!, newOwner: newAddress })
    const stale = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: w.clinician.did, claims: licenseClaims() })
    expect((await p.verifier.verifyCredential(stale.jwt)).verified).toBe(false) // signed with a key the chain dropped

    expect(await reconcileOrganizationKeys(p)).toEqual([{ orgId: w.board.id, did: w.board.did, outcome: 'completed' }])
    const fresh = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: w.clinician.did, claims: licenseClaims() })
    expect((await p.verifier.verifyCredential(fresh.jwt)).checks.filter((c) => !c.passed)).toEqual([])
    expect(await p.db.auditEntry.count({ where: { action: 'organization.key_rotate', subject: w.board.id, reasonCode: 'INTERRUPTED_ROTATION_COMPLETED' } })).toBe(1)
    expect(await p.db.alert.count({ where: { orgId: w.board.id, ruleKey: 'organization.rotation_interrupted' } })).toBe(1)
    expect(await reconcileOrganizationKeys(p)).toEqual([]) // done once
  })
})
