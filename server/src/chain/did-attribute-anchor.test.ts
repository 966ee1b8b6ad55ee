/** Listing the anchors a DID wrote, across block windows, as hosted nodes that bound eth_getLogs require. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JsonRpcProvider } from 'ethers'
import { didEthrAddress } from '../../../agent-config/src/did-address.js'
import { appendAuditEntry } from '../domain/audit/append-audit-entry.js'
import { anchorAuditLog } from '../domain/audit/anchor-audit-log.js'
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.js'
import { listAnchors } from './did-attribute-anchor.js'

describe('listAnchors', () => {
  let p: TestPlatform
  let identity: string
  const sent: string[] = []

  beforeAll(async () => {
    p = await startTestPlatform()
    identity = didEthrAddress(p.platformOrg.did)!
    for (let i = 0; i < 3; i++) {
      await p.db.$transaction((tx) => appendAuditEntry(tx, { actorType: 'SYSTEM', actor: 'list-test', action: 'test.append', decision: 'DONE' }))
      const outcome = await anchorAuditLog(p)
      if (outcome.status === 'anchored') sent.push(outcome.txHash)
      await p.provider.send('anvil_mine', ['0x1f4']) // 500 empty blocks between anchors
    }
  })
  afterAll(async () => {
    await p.destroy()
  })

  it('finds every anchor in chain order, whatever the block window', async () => {
    const toBlock = await p.provider.getBlockNumber()
    expect(sent).toHaveLength(3)
    const all = await listAnchors(p.provider, p.chain.registry, identity, { toBlock })
    expect(all.map((a) => a.txHash)).toEqual(sent)
    expect(all.map((a) => a.fromSeq)).toEqual([1, all[0]!.toSeq + 1, all[1]!.toSeq + 1])
    expect(await listAnchors(p.provider, p.chain.registry, identity, { toBlock, blockWindow: 150 })).toEqual(all)
    expect(await listAnchors(p.provider, p.chain.registry, identity, { toBlock: all[1]!.blockNumber })).toEqual(all.slice(0, 2))
  })

  it('narrows the window when the node refuses a range as too large, and fails when even a small one is refused', async () => {
    const toBlock = await p.provider.getBlockNumber()
    const bounded = (maxBlocks: number) =>
      new Proxy(p.provider, {
        get(target, prop, receiver) {
          if (prop !== 'getLogs') return Reflect.get(target, prop, receiver) as unknown
          return async (filter: { fromBlock: number; toBlock: number }) => {
            if (filter.toBlock - filter.fromBlock + 1 > maxBlocks) throw new Error(`block range exceeds ${maxBlocks}`)
            return target.getLogs(filter)
          }
        },
      }) as JsonRpcProvider
    const all = await listAnchors(p.provider, p.chain.registry, identity, { toBlock })
    expect(await listAnchors(bounded(300), p.chain.registry, identity, { toBlock })).toEqual(all)
    await expect(listAnchors(bounded(10), p.chain.registry, identity, { toBlock })).rejects.toThrow(/block range exceeds 10/)
  })
})
