import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KmsEthereumSigner } from '@veramo/did-provider-ethr'
import { didEthrAddress } from '../../../../agent-config/src/did-address.js'
import { startAnvil } from '../../chain/anvil.js'
import { sendAnchor } from '../../chain/did-attribute-anchor.js'
import { rewriteAuditChainFrom } from '../../testing/rewrite-audit-chain.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { appendAuditEntry } from './append-audit-entry.js'
import { anchorAuditLog } from './anchor-audit-log.js'
import { computeAuditEntryHash } from './audit-hash.js'
import { buildAuditInclusionProof, verifyAuditInclusionProof } from './audit-inclusion-proof.js'
import { merkleRoot } from './merkle.js'
import { verifyAuditChain } from './verify-audit-chain.js'

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`audit trail on ${database}`, () => {
    let p: TestPlatform
    const verify = () => verifyAuditChain({ db: p.db, provider: p.provider, registry: p.chain.registry, platformDid: p.platformOrg.did })
    const table = (name: string) => (database === 'postgres' ? `"${name}"` : name)

    async function appendMany(n: number) {
      // Concurrent writers: each a transaction of its own, all racing for the chain head.
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          p.db.$transaction((tx) =>
            appendAuditEntry(tx, { actorType: 'SYSTEM', actor: `writer-${i % 7}`, action: 'test.append', decision: 'DONE', subject: `s${i}`, details: { i } }),
          ),
        ),
      )
    }

    beforeAll(async () => {
      p = await startTestPlatform({ database })
    })
    afterAll(async () => {
      await p.destroy()
    })

    it('keeps one unbroken chain under concurrent writers', async () => {
      await appendMany(60)
      const entries = await p.db.auditEntry.findMany({ orderBy: { seq: 'asc' } })
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: entries.length }, (_, i) => i + 1))
      expect(await verify()).toMatchObject({ ok: true, entries: entries.length })
    })

    it('rolls the entry back with the transaction it belongs to (no decision without its record, no record without its decision)', async () => {
      const before = await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
      await expect(
        p.db.$transaction(async (tx) => {
          await appendAuditEntry(tx, { actorType: 'SYSTEM', actor: 'x', action: 'test.rollback', decision: 'DONE' })
          throw new Error('the decision failed')
        }),
      ).rejects.toThrow('the decision failed')
      expect(await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).toEqual(before)
      expect(await p.db.auditEntry.count({ where: { action: 'test.rollback' } })).toBe(0)
      expect((await verify()).ok).toBe(true)
    })

    it('anchors the Merkle root on chain in one transaction and proves any entry against it alone', async () => {
      const outcome = await anchorAuditLog(p)
      expect(outcome.status).toBe('anchored')
      if (outcome.status !== 'anchored') return
      expect(outcome.fromSeq).toBe(1)
      const report = await verify()
      expect(report).toMatchObject({ ok: true, anchorsChecked: 1, anchoredThrough: outcome.toSeq })
      const proof = await buildAuditInclusionProof(p.db, 17, { ...p.chain, platformAddress: didEthrAddress(p.platformOrg.did)! })
      expect(await verifyAuditInclusionProof(proof, p.provider)).toEqual({ valid: true })
      const forged = { ...proof, entry: { ...proof.entry, actor: 'someone-else' } }
      expect((await verifyAuditInclusionProof(forged, p.provider)).valid).toBe(false)
      expect(await anchorAuditLog(p)).toMatchObject({ status: 'anchored', fromSeq: outcome.toSeq + 1 }) // the anchor's own entry
      expect(await anchorAuditLog(p)).toMatchObject({ status: 'anchored' })
    })

    async function withRestore(fn: () => Promise<void>) {
      const snapshot = await p.db.auditEntry.findMany({ orderBy: { seq: 'asc' } })
      const anchors = await p.db.auditAnchor.findMany()
      const head = await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
      try {
        await fn()
      } finally {
        await p.db.$transaction(async (tx) => {
          await tx.auditEntry.deleteMany({})
          await tx.auditEntry.createMany({ data: snapshot })
          await tx.auditAnchor.deleteMany({})
          await tx.auditAnchor.createMany({ data: anchors })
          await tx.auditHead.update({ where: { id: 1 }, data: { seq: head.seq, lastHash: head.lastHash } })
        })
        expect((await verify()).ok).toBe(true)
      }
    }

    it('pinpoints an edited row', () =>
      withRestore(async () => {
        await p.db.$executeRawUnsafe(`UPDATE ${table('AuditEntry')} SET ${'"actor"'} = 'mallory' WHERE seq = 12`)
        expect((await verify()).problem).toMatchObject({ kind: 'ALTERED', seq: 12 })
      }))

    it('pinpoints an edited row whose hash was recomputed to match', () =>
      withRestore(async () => {
        const e = await p.db.auditEntry.findUniqueOrThrow({ where: { seq: 20 } })
        const hash = computeAuditEntryHash({ ...e, decision: 'GRANTED' })
        await p.db.auditEntry.update({ where: { seq: 20 }, data: { decision: 'GRANTED', hash } })
        expect((await verify()).problem).toMatchObject({ kind: 'ALTERED', seq: 20 })
      }))

    it('pinpoints a deleted row', () =>
      withRestore(async () => {
        await p.db.auditEntry.delete({ where: { seq: 33 } })
        expect((await verify()).problem).toMatchObject({ kind: 'MISSING', seq: 33 })
      }))

    it('pinpoints a row deleted from the end of the log', () =>
      withRestore(async () => {
        const head = await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
        await p.db.auditEntry.delete({ where: { seq: head.seq } })
        expect((await verify()).problem).toMatchObject({ kind: 'MISSING', seq: head.seq })
      }))

    it('pinpoints an inserted row', () =>
      withRestore(async () => {
        const head = await p.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
        const last = await p.db.auditEntry.findUniqueOrThrow({ where: { seq: head.seq } })
        const forged = { ...last, seq: head.seq + 1, actor: 'mallory', prevHash: last.hash }
        await p.db.auditEntry.create({ data: { ...forged, hash: computeAuditEntryHash(forged) } })
        expect((await verify()).problem).toMatchObject({ kind: 'INSERTED', seq: head.seq + 1 })
      }))

    it('pinpoints reordered rows', () =>
      withRestore(async () => {
        const a = await p.db.auditEntry.findUniqueOrThrow({ where: { seq: 40 } })
        const b = await p.db.auditEntry.findUniqueOrThrow({ where: { seq: 41 } })
        await p.db.$transaction([
          p.db.auditEntry.delete({ where: { seq: 40 } }),
          p.db.auditEntry.delete({ where: { seq: 41 } }),
          p.db.auditEntry.create({ data: { ...b, seq: 40 } }),
          p.db.auditEntry.create({ data: { ...a, seq: 41 } }),
        ])
        expect((await verify()).problem).toMatchObject({ kind: 'ALTERED', seq: 40 })
      }))

    it('detects a whole rewritten chain through the on-chain anchor', () =>
      withRestore(async () => {
        // The attacker edits entry 5 and recomputes every later hash and the head: the chain itself is consistent.
        await rewriteAuditChainFrom(p.db, 5, 'mallory')
        const anchors = await p.db.auditAnchor.findMany({ where: { status: 'CONFIRMED' } })
        await p.db.$transaction(anchors.map((a) => p.db.auditAnchor.update({ where: { id: a.id }, data: { root: 'f'.repeat(64) } }))) // rows edited too
        const problem = (await verify()).problem
        expect(problem?.kind).toBe('ANCHOR_MISMATCH')
        expect(problem?.seq).toBe(1)
        expect(problem?.message).toMatch(/differ from the root anchored on chain/)
      }))

    it('detects a rewritten chain whose anchor rows were deleted, naming the anchor it no longer matches', () =>
      withRestore(async () => {
        const [first] = await p.db.auditAnchor.findMany({ where: { status: 'CONFIRMED' }, orderBy: { fromSeq: 'asc' } })
        await rewriteAuditChainFrom(p.db, 5, 'mallory')
        await p.db.auditAnchor.deleteMany({})
        expect(await verify()).toMatchObject({
          ok: false,
          problem: { kind: 'ANCHOR_MISMATCH', seq: 1, anchor: { fromSeq: 1, toSeq: first!.toSeq, txHash: first!.txHash } },
        })
        expect((await verifyAuditChain({ db: p.db })).ok).toBe(true) // the database alone cannot tell: the chain is needed
      }))

    it('detects a rewritten chain whose anchor rows were marked PENDING', () =>
      withRestore(async () => {
        await rewriteAuditChainFrom(p.db, 5, 'mallory')
        await p.db.auditAnchor.updateMany({ data: { status: 'PENDING' } })
        expect((await verify()).problem).toMatchObject({ kind: 'ANCHOR_MISMATCH', seq: 1 })
      }))

    it('detects entries removed from the end, with the head rewound and the anchor rows deleted', () =>
      withRestore(async () => {
        const last = await p.db.auditAnchor.findFirstOrThrow({ orderBy: { toSeq: 'desc' } })
        const keep = await p.db.auditEntry.findUniqueOrThrow({ where: { seq: last.fromSeq - 1 } })
        await p.db.$transaction([
          p.db.auditEntry.deleteMany({ where: { seq: { gt: keep.seq } } }),
          p.db.auditHead.update({ where: { id: 1 }, data: { seq: keep.seq, lastHash: keep.hash } }),
          p.db.auditAnchor.deleteMany({ where: { toSeq: { gt: keep.seq } } }),
        ])
        expect((await verify()).problem).toMatchObject({ kind: 'MISSING', seq: keep.seq + 1, anchor: { toSeq: last.toSeq, txHash: last.txHash } })
      }))

    it('detects an anchor row removed from an intact log (inclusion proofs and the next range are read from it)', () =>
      withRestore(async () => {
        const first = await p.db.auditAnchor.findFirstOrThrow({ orderBy: { fromSeq: 'asc' } })
        await p.db.auditAnchor.delete({ where: { id: first.id } })
        expect((await verify()).problem).toMatchObject({ kind: 'ANCHOR_UNRECORDED', seq: 1, anchor: { txHash: first.txHash } })
      }))
  })
}

describe('anchoring when the chain node is down', () => {
  let p: TestPlatform
  beforeAll(async () => {
    p = await startTestPlatform()
  })
  afterAll(async () => {
    await p.destroy()
  })

  it('keeps the anchor pending, retries later, and never anchors a range twice', async () => {
    await p.db.$transaction((tx) => appendAuditEntry(tx, { actorType: 'SYSTEM', actor: 'a', action: 'test.append', decision: 'DONE' }))
    await p.anvil!.stop() // state saved
    await expect(anchorAuditLog(p)).rejects.toThrow()
    expect(await p.db.auditAnchor.findMany()).toMatchObject([{ status: 'PENDING', txHash: null }])

    const restarted = await startAnvil({ port: p.anvil!.port, chainId: p.chain.chainId, stateFile: `${p.dataDir}/chain-state.json` })
    try {
      const outcome = await anchorAuditLog(p)
      expect(outcome).toMatchObject({ status: 'anchored', fromSeq: 1 })
      expect(await p.db.auditAnchor.count()).toBe(1)
      expect((await verifyAuditChain({ db: p.db, provider: p.provider, registry: p.chain.registry, platformDid: p.platformOrg.did })).ok).toBe(true)
    } finally {
      await restarted.stop()
    }
  })
})

describe('anchoring after a crash between sending and recording', () => {
  let p: TestPlatform
  beforeAll(async () => {
    p = await startTestPlatform()
  })
  afterAll(async () => {
    await p.destroy()
  })

  it('adopts the anchor already on chain instead of sending a second one', async () => {
    await p.db.$transaction((tx) => appendAuditEntry(tx, { actorType: 'SYSTEM', actor: 'a', action: 'test.append', decision: 'DONE' }))
    const entries = await p.db.auditEntry.findMany({ orderBy: { seq: 'asc' } })
    const root = merkleRoot(entries.map((e) => e.hash))
    await p.db.auditAnchor.create({ data: { fromSeq: 1, toSeq: entries.length, root, chainId: p.chain.chainId, status: 'PENDING' } })
    // the transaction reached the chain, but the process died before saving its hash
    const identifier = await p.agent.didManagerGet({ did: p.platformOrg.did })
    const signer = new KmsEthereumSigner(identifier.keys[0]!, { agent: p.agent } as never, p.provider as never)
    const sent = await sendAnchor(signer, p.chain.registry, didEthrAddress(p.platformOrg.did)!, { fromSeq: 1, toSeq: entries.length, root })
    await sent.wait()
    const blockBefore = await p.provider.getBlockNumber()
    const outcome = await anchorAuditLog(p)
    expect(outcome).toMatchObject({ status: 'anchored', txHash: sent.txHash })
    expect(await p.provider.getBlockNumber()).toBe(blockBefore) // nothing new was sent
  })
})
