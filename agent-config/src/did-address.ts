/** The Ethereum address behind a did:ethr (address form or compressed-public-key form). */
import { computeAddress, getAddress } from 'ethers'

const DID_ETHR = /^did:ethr:(?:([a-zA-Z0-9_-]+):)?(0x[0-9a-fA-F]{40}|0x[0-9a-fA-F]{66})(?=$|[?#/])/

export function didEthrAddress(did: string): string | undefined {
  const identifier = DID_ETHR.exec(did)?.[2]
  if (!identifier) return undefined
  try {
    return identifier.length === 42 ? getAddress(identifier.toLowerCase()) : computeAddress(identifier)
  } catch {
    return undefined
  }
}
