import { Resolver } from 'did-resolver'
import { ES256KSigner, createJWT, decodeJWT } from 'did-jwt'
import { verifyCredential } from 'did-jwt-vc'
import { getResolver } from 'ethr-did-resolver'
import { JsonRpcProvider } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EncryptedPrivateKeyStore } from '../../../../agent-config/src/stores/encrypted-private-key-store.js'
import { licenseClaims, seedCredential } from '../../../../prisma/seed/seed-functions.js'
import { seedCredentialWorld } from '../../testing/credential-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { rotateOrganizationKey } from './rotate-organization-key.js'

describe('organisation key rotation', () => {
  let p: TestPlatform
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  const actor = { actorType: 'SYSTEM' as const, actor: 'test' }
  /** Rotation must land in a later block second than the issuance (the chain's clock, not the wall clock). */
  const chainPassed = async (jwt: string) => {
    const nbf = (decodeJWT(jwt).payload as { nbf: number }).nbf
    const deadline = Date.now() + 10_000
    while (((await p.provider.getBlock('latest'))?.timestamp ?? 0) <= nbf + 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250))
      await p.provider.send('evm_mine', []) // anvil: mine an empty block at the current time
    }
  }
  const codes = async (jwt: string) => (await p.verifier.verifyCredential(jwt)).checks.filter((c) => !c.passed).map((c) => c.code)

  beforeAll(async () => {
    p = await startTestPlatform()
    w = await seedCredentialWorld(p)
  })
  afterAll(async () => {
    await p.destroy()
  })

  it('scheduled: licences issued before keep verifying (as of their issuance), new ones use the new key', async () => {
    const before = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: w.clinician.did, claims: licenseClaims() })
    await chainPassed(before.jwt) // the owner change lands in a later second than the issuance
    const rotation = await rotateOrganizationKey(p, { orgId: w.board.id, actor, reason: 'SCHEDULED' })
    expect(rotation.txHash).toMatch(/^0x/)

    const report = await p.verifier.verifyCredential(before.jwt)
    expect(report.checks.filter((c) => !c.passed)).toEqual([])
    expect(report.checks.find((c) => c.check === 'signature')?.message).toMatch(/rotated since/)

    const after = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: w.clinician.did, claims: licenseClaims() })
    expect(await codes(after.jwt)).toEqual([])
    const independent = new Resolver(getResolver({ networks: [{ name: '0x539', chainId: 1337, registry: p.chain.registry, provider: new JsonRpcProvider(p.chain.rpcUrl) as never }] }))
    await expect(verifyCredential(after.jwt, independent)).resolves.toBeTruthy()
    expect(await p.db.auditEntry.count({ where: { action: 'organization.key_rotate', subject: w.board.id, reasonCode: 'SCHEDULED' } })).toBe(1)
  })

  it('compromised: everything signed with the old key stops verifying, forgeries included; holders get re-issued credentials', async () => {
    const licence = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: w.clinician.did, claims: licenseClaims() })
    const suspended = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: w.clinician.did, claims: licenseClaims() })
    await p.db.issuedCredential.update({ where: { id: suspended.id }, data: { status: 'SUSPENDED' } })
    const identifier = await p.agent.didManagerGet({ did: w.board.did })
    const stolen = await new EncryptedPrivateKeyStore(p.db, p.masterKey).getKey({ alias: identifier.keys[0]!.kid })
    await chainPassed(licence.jwt)
    const rotation = await rotateOrganizationKey(p, { orgId: w.board.id, actor, reason: 'COMPROMISED' })
    expect(rotation.reissued).toBeGreaterThanOrEqual(2)

    // Signed with the compromised key: refused at the signature (and revoked as well).
    expect(await codes(licence.jwt)).toEqual(['KEY_NOT_AUTHORIZED'])
    expect((await p.db.issuedCredential.findUniqueOrThrow({ where: { id: licence.id } })).status).toBe('REVOKED')
    const replacement = await p.db.issuedCredential.findFirstOrThrow({ where: { supersedesId: licence.id } })
    expect(replacement.status).toBe('ACTIVE')
    expect(await codes(replacement.jwt)).toEqual([])

    // The thief signs licences with the stolen key on an index nobody was given, backdated to when that key
    // was the board's (so the signature checks out as of then) or to before (when it was not).
    const real = decodeJWT(licence.jwt).payload as { nbf: number; vc: { credentialStatus: Array<{ statusListCredential: string; statusPurpose: string }> } }
    const forgedStatus = real.vc.credentialStatus.map((s) => ({ ...s, id: `${s.statusListCredential}#99999`, statusListIndex: '99999' }))
    const forge = (nbf: number) =>
      createJWT(
        { nbf, sub: w.clinician.did, vc: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential', 'ClinicianLicenseCredential'], credentialSubject: licenseClaims(), credentialStatus: forgedStatus } },
        { issuer: w.board.did, signer: ES256KSigner(Buffer.from(stolen.privateKeyHex, 'hex')) },
        { alg: 'ES256K' },
      )
    expect(await codes(await forge(real.nbf))).toEqual(['KEY_NOT_AUTHORIZED'])
    expect(await codes(await forge(real.nbf - 30 * 86_400))).toEqual(['SIGNATURE_INVALID'])

    // ...or on the replacement's new list, which is not frozen: the key itself is refused.
    const fresh = decodeJWT(replacement.jwt).payload as { vc: { credentialStatus: Array<{ statusListCredential: string }> } }
    const onNewList = fresh.vc.credentialStatus.map((s) => ({ ...s, id: `${s.statusListCredential}#99998`, statusListIndex: '99998' }))
    const forgedOnNewList = await createJWT(
      { nbf: real.nbf, sub: w.clinician.did, vc: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential', 'ClinicianLicenseCredential'], credentialSubject: licenseClaims(), credentialStatus: onNewList } },
      { issuer: w.board.did, signer: ES256KSigner(Buffer.from(stolen.privateKeyHex, 'hex')) },
      { alg: 'ES256K' },
    )
    expect(await codes(forgedOnNewList)).toEqual(['KEY_NOT_AUTHORIZED'])

    // A suspended licence's replacement is suspended too (the compromise lifts no suspension).
    const suspendedReplacement = await p.db.issuedCredential.findFirstOrThrow({ where: { supersedesId: suspended.id } })
    expect(suspendedReplacement.status).toBe('SUSPENDED')
    expect(await codes(suspendedReplacement.jwt)).toEqual(['SUSPENDED'])
  })
})
