/**
 * Follows the EthereumDIDRegistry's events (owner, delegate and attribute changes) block by block, so that a
 * cache can tell, for any identity, whether it changed since a given block. One `eth_blockNumber` per sync,
 * shared by every caller that arrives while a sync is in flight (each caller is still guaranteed to see
 * every block mined before it called), plus one `eth_getLogs` per new range of blocks.
 */
import { id as topicId, type JsonRpcProvider } from 'ethers'

const REGISTRY_EVENTS = [
  'DIDOwnerChanged(address,address,uint256)',
  'DIDDelegateChanged(address,bytes32,address,uint256,uint256)',
  'DIDAttributeChanged(address,bytes32,bytes,uint256,uint256)',
].map((signature) => topicId(signature))

/** Past this many unseen blocks, everything is treated as changed (cheaper than scanning). */
const MAX_SCAN_BLOCKS = 5_000

export class RegistryChangeWatcher {
  #processedBlock: number | undefined
  /** Identity (lower-case address) -> last block where it changed, for changes seen since start. */
  readonly #lastChange = new Map<string, number>()
  /** Block before which everything must be treated as changed (after a gap too large to scan). */
  #resetBlock = -1
  #inflight: Promise<number> | undefined
  #queued: Promise<number> | undefined
  /** When the last completed sync asked the chain for its head, and what it got. */
  #lastSync: { startedAt: number; head: number } | undefined

  constructor(
    private readonly provider: JsonRpcProvider,
    private readonly registry: string,
  ) {}

  /**
   * Brings the watcher up to the chain head as of (at least) this call; returns that head block. With
   * `freshAsOf` (a performance.now() timestamp), a sync that started at or after that moment is reused: one
   * verification resolving several DIDs asks the chain once, and still sees every block mined before it began.
   */
  sync(freshAsOf?: number): Promise<number> {
    if (freshAsOf !== undefined && this.#lastSync && this.#lastSync.startedAt >= freshAsOf) return Promise.resolve(this.#lastSync.head)
    if (!this.#inflight) {
      this.#inflight = this.#doSync().finally(() => {
        this.#inflight = undefined
      })
      return this.#inflight
    }
    // A sync already in flight may have read the head before this caller arrived: wait for it, then share
    // exactly one fresh sync with everyone else who arrived in the meantime.
    this.#queued ??= this.#inflight
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined
        return this.sync()
      })
    return this.#queued
  }

  /** True when `identity` may have changed after `block` (unknown counts as changed). */
  changedSince(identity: string, block: number): boolean {
    if (this.#processedBlock === undefined || block < this.#resetBlock) return true
    const last = this.#lastChange.get(identity.toLowerCase())
    return last !== undefined && last > block
  }

  /** Marks an identity as changed now (the server's own writes invalidate at once). */
  markChanged(identity: string, block: number): void {
    const key = identity.toLowerCase()
    this.#lastChange.set(key, Math.max(block, this.#lastChange.get(key) ?? -1))
  }

  async #doSync(): Promise<number> {
    const startedAt = performance.now()
    const head = await this.#scan(await this.provider.getBlockNumber())
    if (!this.#lastSync || startedAt > this.#lastSync.startedAt) this.#lastSync = { startedAt, head }
    return head
  }

  async #scan(head: number): Promise<number> {
    const from = this.#processedBlock
    if (from === undefined) {
      this.#processedBlock = head
      this.#resetBlock = head
      return head
    }
    if (head <= from) return from
    if (head - from > MAX_SCAN_BLOCKS) {
      this.#lastChange.clear()
      this.#resetBlock = head
      this.#processedBlock = head
      return head
    }
    const logs = await this.provider.getLogs({ address: this.registry, fromBlock: from + 1, toBlock: head, topics: [REGISTRY_EVENTS] })
    for (const log of logs) {
      const identityTopic = log.topics[1]
      if (identityTopic) this.markChanged(`0x${identityTopic.slice(-40)}`, log.blockNumber)
    }
    this.#processedBlock = Math.max(head, this.#processedBlock ?? head)
    return head
  }
}
