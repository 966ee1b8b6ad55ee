/**
 * did:ethr resolution with a cache that can never serve a key the chain has removed: before answering from
 * the cache, the registry change watcher is synced to the chain head, and any identity with a registry event
 * after the entry was resolved is resolved again. If the chain cannot be reached, resolution fails
 * (error "unavailable"), so verification fails closed instead of trusting a stale document.
 */
import { Resolver, type DIDResolutionOptions, type DIDResolutionResult, type Resolvable } from 'did-resolver'
import type { JsonRpcProvider } from 'ethers'
import { didEthrAddress } from '../did-address.js'
import { RegistryChangeWatcher } from './registry-change-watcher.js'
import { strictEthrResolver } from './strict-ethr-resolver.js'

export interface ChainAwareResolverOptions {
  provider: JsonRpcProvider
  chainId: number
  registry: string
  /** Network name used in DIDs (did:ethr:<name>:0x...). */
  networkName: string
  /** Max cached documents (LRU by insertion). */
  maxEntries?: number
}

interface CacheEntry {
  result: DIDResolutionResult
  resolvedAtBlock: number
}

export class ChainAwareResolver implements Resolvable {
  readonly watcher: RegistryChangeWatcher
  readonly #inner: Resolver
  readonly #cache = new Map<string, CacheEntry>()
  readonly #maxEntries: number
  readonly stats = { hits: 0, misses: 0 }

  constructor(options: ChainAwareResolverOptions) {
    this.watcher = new RegistryChangeWatcher(options.provider, options.registry)
    this.#inner = new Resolver(
      strictEthrResolver({ provider: options.provider, chainId: options.chainId, registry: options.registry, networkName: options.networkName }),
      { cache: false },
    )
    this.#maxEntries = options.maxEntries ?? 10_000
  }

  async resolve(didUrl: string, options: DIDResolutionOptions = {}): Promise<DIDResolutionResult> {
    const address = didEthrAddress(didUrl)
    if (!address) return this.#inner.resolve(didUrl, options)
    let head: number
    try {
      head = await this.watcher.sync(typeof options.freshAsOf === 'number' ? options.freshAsOf : undefined)
    } catch (error) {
      return unavailable(`chain unreachable while resolving ${didUrl}: ${(error as Error).message}`)
    }
    const key = didUrl.split('#')[0] + (options.accept ? `|${options.accept}` : '')
    const { freshAsOf: _fresh, ...innerOptions } = options
    void _fresh
    const cached = this.#cache.get(key)
    if (cached && !this.watcher.changedSince(address, cached.resolvedAtBlock)) {
      this.stats.hits++
      return cached.result
    }
    this.stats.misses++
    const result = await this.#inner.resolve(didUrl, innerOptions)
    const error = result.didResolutionMetadata.error
    if (error) {
      // ethr-did-resolver reports RPC failures as notFound with the error text; keep them distinct.
      return /could not|network|ECONNREFUSED|timeout|missing response|fetch failed/i.test(result.didResolutionMetadata.message ?? '')
        ? unavailable(result.didResolutionMetadata.message ?? 'resolution failed')
        : result
    }
    if (this.#cache.size >= this.#maxEntries) this.#cache.delete(this.#cache.keys().next().value as string)
    this.#cache.set(key, { result, resolvedAtBlock: head })
    return result
  }

  /** Drops cached documents (all, or one DID's). */
  invalidate(did?: string): void {
    if (!did) return this.#cache.clear()
    for (const key of this.#cache.keys()) if (key.startsWith(did)) this.#cache.delete(key)
  }
}

function unavailable(message: string): DIDResolutionResult {
  return {
    didResolutionMetadata: { error: 'unavailable', message },
    didDocument: null,
    didDocumentMetadata: {},
  }
}
