/** The Ethereum address behind a did:ethr (address form or compressed-public-key form). */
import { computeAddress, getAddress } from 'ethers'

const DID_ETHR = /^did:ethr:(?:([a-zA-Z0-9_-]+):)?(0x[0-9a-fA-F]{40}|0x[0-9a-fA-F]{66})(?=$|[?#/])/

const memo = new Map<string, string | undefined>()

/** Memoised: deriving an address from a public key (point decompression + keccak) is not free. */
export function didEthrAddress(did: string): string | undefined {
  const identifier = DID_ETHR.exec(did)?.[2]
  if (!identifier) return undefined
  if (memo.has(identifier)) return memo.get(identifier)
  let address: string | undefined
  try {
    address = identifier.length === 42 ? getAddress(identifier.toLowerCase()) : computeAddress(identifier)
  } catch {
    address = undefined
  }
  if (memo.size > 100_000) memo.clear()
  memo.set(identifier, address)
  return address
}
