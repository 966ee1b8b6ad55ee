import { ES256KSigner, createJWT, verifyJWT } from 'did-jwt'
import { EthrDID } from 'ethr-did'
import { SigningKey, Wallet, parseEther } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestPlatform, type TestPlatform } from '../../../server/src/testing/test-platform.js'

describe('chain-aware DID resolver cache', () => {
  let p: TestPlatform

  beforeAll(async () => {
    p = await startTestPlatform()
  })
  afterAll(async () => {
    await p.destroy()
  })

  async function fundedPerson() {
    const wallet = Wallet.createRandom().connect(p.provider)
    await (await p.funder!.sendTransaction({ to: wallet.address, value: parseEther('1') })).wait()
    const ethrDid = new EthrDID({
      identifier: wallet.address,
      chainNameOrId: p.chain.chainId,
      registry: p.chain.registry,
      provider: p.provider as never,
      txSigner: wallet as never,
    })
    return { wallet, ethrDid, did: `${p.chain.didPrefix}:${wallet.address}` }
  }

  it('stops verifying a key the moment it is revoked on chain, even right after it verified from the cache', async () => {
    const { ethrDid, did } = await fundedPerson()
    const extra = Wallet.createRandom()
    const extraPublicKey = SigningKey.computePublicKey(extra.privateKey, true)
    await ethrDid.setAttribute('did/pub/Secp256k1/veriKey/hex', extraPublicKey, 86_400)

    const jwt = await createJWT({ sub: 'test', nbf: Math.floor(Date.now() / 1000) - 10 }, { issuer: did, signer: ES256KSigner(Buffer.from(extra.privateKey.slice(2), 'hex')) }, { alg: 'ES256K' })
    const ok1 = await verifyJWT(jwt, { resolver: p.resolver })
    expect(ok1.issuer).toBe(did)
    const hitsBefore = p.resolver.stats.hits
    await verifyJWT(jwt, { resolver: p.resolver }) // served from the cache
    expect(p.resolver.stats.hits).toBeGreaterThan(hitsBefore)

    // Revoked by the DID's owner directly on chain (not through our server): no invalidation call of ours.
    await ethrDid.revokeAttribute('did/pub/Secp256k1/veriKey/hex', extraPublicKey)
    await expect(verifyJWT(jwt, { resolver: p.resolver })).rejects.toThrow(/invalid_signature|no matching public key/i)
  })

  it('stops verifying after the owner is changed (the old key no longer controls the DID)', async () => {
    const { ethrDid, did, wallet } = await fundedPerson()
    const signer = ES256KSigner(Buffer.from(wallet.privateKey.slice(2), 'hex'), true)
    const jwt = await createJWT({ sub: 'x' }, { issuer: did, signer }, { alg: 'ES256K-R' })
    await verifyJWT(jwt, { resolver: p.resolver })
    await ethrDid.changeOwner(Wallet.createRandom().address)
    await expect(verifyJWT(jwt, { resolver: p.resolver })).rejects.toThrow()
  })

  it('drops a revoked delegate at once, not when the wall clock passes the revoking block (did:ethr trap)', async () => {
    const { ethrDid, did } = await fundedPerson()
    const delegate = Wallet.createRandom()
    await ethrDid.addDelegate(delegate.address, { delegateType: 'veriKey' as never, expiresIn: 86_400 })
    const jwt = await createJWT({ sub: 'd' }, { issuer: did, signer: ES256KSigner(Buffer.from(delegate.privateKey.slice(2), 'hex'), true) }, { alg: 'ES256K-R' })
    await verifyJWT(jwt, { resolver: p.resolver })
    await ethrDid.revokeDelegate(delegate.address, 'veriKey' as never)
    await expect(verifyJWT(jwt, { resolver: p.resolver })).rejects.toThrow()
  })

  it('resolves a DID as of a past time (versionTime), for credentials issued before a rotation', async () => {
    const { ethrDid, did } = await fundedPerson()
    const extra = SigningKey.computePublicKey(Wallet.createRandom().privateKey, true).slice(2)
    await ethrDid.setAttribute('did/pub/Secp256k1/veriKey/hex', `0x${extra}`, 86_400)
    const added = await p.provider.getBlock('latest')
    await new Promise((r) => setTimeout(r, 1100)) // next block lands in a later second
    await ethrDid.revokeAttribute('did/pub/Secp256k1/veriKey/hex', `0x${extra}`)
    const hasKey = (doc: unknown) => JSON.stringify(doc).includes(extra)
    expect(hasKey((await p.resolver.resolve(did)).didDocument)).toBe(false)
    const then = new Date(added!.timestamp * 1000).toISOString()
    expect(hasKey((await p.resolver.resolve(`${did}?versionTime=${then}`)).didDocument)).toBe(true)
  })

  it('fails closed when the chain is unreachable', async () => {
    const { did } = await fundedPerson()
    await p.resolver.resolve(did) // cached
    p.anvil!.kill()
    await new Promise((r) => setTimeout(r, 200))
    const result = await p.resolver.resolve(did)
    expect(result.didDocument).toBeNull()
    expect(result.didResolutionMetadata.error).toBe('unavailable')
  })
})
