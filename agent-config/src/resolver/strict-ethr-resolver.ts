/**
 * ethr-did-resolver with two fixes a verifier needs:
 *  - "now" is one second later than the resolver's own (wall-clock) now, so a delegate or attribute revoked
 *    in the current block (validTo = block timestamp, kept while validTo >= now) is already gone instead of
 *    staying valid until the wall clock passes that second (fail closed: a key expiring this second is
 *    treated as expired);
 *  - `?versionTime=<ISO date>` (did:ethr's historical resolution by time) is supported by turning it into the
 *    `versionId` (block number) that this resolver version understands: the last block at or before that time.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import type { DIDResolver } from 'did-resolver'
import type { JsonRpcProvider } from 'ethers'

const require = createRequire(import.meta.url)
const { EthrDidResolver } = require(path.join(path.dirname(require.resolve('ethr-did-resolver')), 'resolver.js')) as {
  EthrDidResolver: new (options: unknown) => {
    wrapDidDocument(...args: unknown[]): unknown
    resolve: DIDResolver
  }
}

class StrictEthrDidResolver extends EthrDidResolver {
  override wrapDidDocument(...args: unknown[]): unknown {
    const now = args[6] as bigint
    args[6] = now + 1n
    return super.wrapDidDocument(...args)
  }
}

export interface StrictResolverOptions {
  provider: JsonRpcProvider
  chainId: number
  registry: string
  networkName: string
}

export function strictEthrResolver(options: StrictResolverOptions): Record<string, DIDResolver> {
  const inner = new StrictEthrDidResolver({
    networks: [{ name: options.networkName, chainId: options.chainId, provider: options.provider, registry: options.registry }],
  })
  const blockAtTime = blockFinder(options.provider)
  const ethr: DIDResolver = async (did, parsed, resolver, resolutionOptions) => {
    const versionTime = parsed.query ? new URLSearchParams(parsed.query).get('versionTime') : null
    if (versionTime) {
      const time = Date.parse(versionTime)
      if (Number.isNaN(time)) {
        return { didResolutionMetadata: { error: 'invalidDid', message: 'versionTime must be an ISO date' }, didDocument: null, didDocumentMetadata: {} }
      }
      const block = await blockAtTime(Math.floor(time / 1000))
      return inner.resolve.call(inner, did, { ...parsed, query: `versionId=${block}` }, resolver, resolutionOptions)
    }
    return inner.resolve.call(inner, did, parsed, resolver, resolutionOptions)
  }
  return { ethr }
}

/** The last block with timestamp <= t (binary search over headers; results memoised). */
function blockFinder(provider: JsonRpcProvider) {
  const timestamps = new Map<number, number>()
  const timestampOf = async (n: number) => {
    let t = timestamps.get(n)
    if (t === undefined) {
      const block = await provider.getBlock(n)
      if (!block) throw new Error(`block ${n} not found`)
      t = block.timestamp
      if (timestamps.size > 100_000) timestamps.clear()
      timestamps.set(n, t)
    }
    return t
  }
  return async (t: number): Promise<number> => {
    let hi = await provider.getBlockNumber()
    if ((await timestampOf(hi)) <= t) return hi
    let lo = 0
    if ((await timestampOf(lo)) > t) return 0
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if ((await timestampOf(mid)) <= t) lo = mid
      else hi = mid
    }
    return lo
  }
}
