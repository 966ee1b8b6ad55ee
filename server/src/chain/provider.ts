/**
 * JSON-RPC access to the chain. `staticNetwork` avoids a chainId round trip per call; `cacheTimeout: -1`
 * stops ethers from caching nonces and block numbers, which breaks on fast-mining dev chains.
 */
import { JsonRpcProvider, NonceManager, Wallet } from 'ethers'

export function createChainProvider(rpcUrl: string, chainId: number): JsonRpcProvider {
  return new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, cacheTimeout: -1, batchMaxCount: 1 })
}

/** The network name used in DIDs: the chain id in hex, e.g. did:ethr:0x539:0xabc... */
export function didNetworkName(chainId: number): string {
  return `0x${chainId.toString(16)}`
}

export function didPrefix(chainId: number): string {
  return `did:ethr:${didNetworkName(chainId)}`
}

/** A signer that pays gas (funding org DIDs, deploying contracts); nonces are managed locally. */
export function createFunder(privateKey: string, provider: JsonRpcProvider): NonceManager {
  return new NonceManager(new Wallet(privateKey, provider))
}
