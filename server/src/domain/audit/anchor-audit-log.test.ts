/** Anchoring from several callers and instances at once: one transaction and one audit.anchor entry per range. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KmsEthereumSigner } from '@veramo/did-provider-ethr'
import { didEthrAddress } from '../../../../agent-config/src/did-address.js'
import { listAnchors, sendAnchor } from '../../chain/did-attribute-anchor.js'
import type { Platform } from '../../platform.js'
import { startSecondInstance, startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { anchorAuditLog, type AnchorOutcome } from './anchor-audit-log.js'
import { appendAuditEntry } from './append-audit-entry.js'
import { ANCHOR_CLAIM_LEASE_MS } from './claim-audit-anchor.js'
import { merkleRoot } from './merkle.js'

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`concurrent anchoring on ${database}`, () => {
    let p: TestPlatform
    let other: Platform // a second instance on PostgreSQL (as behind a load balancer); on SQLite, the same one
    const onChain = async () => listAnchors(p.provider, p.chain.registry, didEthrAddress(p.platformOrg.did)!, { toBlock: await p.provider.getBlockNumber() })
    const append = (n: number) =>
      p.db.$transaction(async (tx) => {
        for (let i = 0; i < n; i++) await appendAuditEntry(tx, { actorType: 'SYSTEM', actor: 'anchor-test', action: 'test.append', decision: 'DONE', details: { i } })
      })

    beforeAll(async () => {
      p = await startTestPlatform({ database })
      other = database === 'postgres' ? await startSecondInstance(p) : p
    })
    afterAll(async () => {
      if (other !== p) await other.stop()
      await p.destroy()
    })

    it('sends each range once and records it once when a second caller finds the anchor pending mid-send', async () => {
      for (let round = 0; round < 3; round++) {
        await append(5)
        const first = anchorAuditLog(p)
        // The second caller starts as soon as the first one's PENDING row exists, i.e. while it is sending.
        let settled = false
        void first.finally(() => (settled = true))
        while (!settled && (await p.db.auditAnchor.count({ where: { status: 'PENDING' } })) === 0) await new Promise((r) => setTimeout(r, 2))
        const outcomes: AnchorOutcome[] = await Promise.all([first, anchorAuditLog(other)])
        expect(outcomes.filter((o) => o.status === 'anchored')).toHaveLength(1)
      }
      await expectOneAnchorPerRange()
    })

    it('sends each range once and records it once when callers start together', async () => {
      for (let round = 0; round < 3; round++) {
        await append(5)
        const outcomes = await Promise.all([anchorAuditLog(p), anchorAuditLog(other), anchorAuditLog(p), anchorAuditLog(other)])
        expect(outcomes.filter((o) => o.status === 'anchored').length).toBeGreaterThanOrEqual(1)
      }
      await expectOneAnchorPerRange()
    })

    it('leaves an anchor claimed by another caller alone until the claim is stale, then adopts it from the chain', async () => {
      await append(3)
      const last = await p.db.auditAnchor.findFirstOrThrow({ orderBy: { toSeq: 'desc' } })
      const entries = await p.db.auditEntry.findMany({ where: { seq: { gt: last.toSeq } }, orderBy: { seq: 'asc' } })
      const range = { fromSeq: entries[0]!.seq, toSeq: entries.at(-1)!.seq, root: merkleRoot(entries.map((e) => e.hash)) }
      // Another instance claimed it and sent it, then hung before saving the transaction hash.
      const anchor = await p.db.auditAnchor.create({ data: { ...range, chainId: p.chain.chainId, status: 'PENDING', claimedBy: 'elsewhere', claimedAt: new Date() } })
      const identifier = await p.agent.didManagerGet({ did: p.platformOrg.did })
      const signer = new KmsEthereumSigner(identifier.keys[0]!, { agent: p.agent } as never, p.provider as never)
      const sent = await sendAnchor(signer, p.chain.registry, didEthrAddress(p.platformOrg.did)!, range)
      await sent.wait()
      const blockBefore = await p.provider.getBlockNumber()

      expect(await anchorAuditLog(other)).toEqual({ status: 'busy' })
      expect(await p.db.auditAnchor.findUniqueOrThrow({ where: { id: anchor.id } })).toMatchObject({ status: 'PENDING', claimedBy: 'elsewhere' })

      await p.db.auditAnchor.update({ where: { id: anchor.id }, data: { claimedAt: new Date(Date.now() - ANCHOR_CLAIM_LEASE_MS - 1_000) } })
      expect(await anchorAuditLog(other)).toMatchObject({ status: 'anchored', ...range, txHash: sent.txHash })
      expect(await p.provider.getBlockNumber()).toBe(blockBefore) // looked on chain first: nothing new was sent
      await expectOneAnchorPerRange()
    })

    async function expectOneAnchorPerRange() {
      const anchors = await onChain()
      const ranges = anchors.map((a) => `${a.fromSeq}-${a.toSeq}`)
      expect(ranges).toEqual([...new Set(ranges)])
      const rows = await p.db.auditAnchor.findMany({ orderBy: { fromSeq: 'asc' } })
      expect(rows.every((r) => r.status === 'CONFIRMED')).toBe(true)
      expect(rows.map((r) => `${r.fromSeq}-${r.toSeq}`)).toEqual(ranges.sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0])))
      const recorded = await p.db.auditEntry.findMany({ where: { action: 'audit.anchor' }, select: { subject: true } })
      expect(recorded.map((e) => e.subject).sort()).toEqual([...ranges].sort())
    }
  })
}
