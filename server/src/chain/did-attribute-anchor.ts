/**
 * Writes and reads audit anchors as EthereumDIDRegistry attribute events of the platform DID:
 * name "credgate.audit.root", value abi(uint64 fromSeq, uint64 toSeq, bytes32 root). Resolvers ignore the
 * name (it is neither did/pub nor did/svc), so the platform's DID document is not polluted; one transaction
 * anchors any number of entries.
 */
import { AbiCoder, Contract, Interface, encodeBytes32String, type JsonRpcProvider, type Signer } from 'ethers'
import { DID_REGISTRY_ABI } from './registry.js'

export const ANCHOR_ATTRIBUTE = encodeBytes32String('credgate.audit.root')
const registryInterface = new Interface(DID_REGISTRY_ABI as never)
const ATTRIBUTE_CHANGED_TOPIC = registryInterface.getEvent('DIDAttributeChanged')!.topicHash
const coder = AbiCoder.defaultAbiCoder()

/** The log topic of an indexed address (the registry indexes `identity` in its events). */
function addressTopic(address: string): string {
  return `0x${address.slice(2).toLowerCase().padStart(64, '0')}`
}

export interface AnchorValue {
  fromSeq: number
  toSeq: number
  root: string
}

export function encodeAnchorValue(v: AnchorValue): string {
  return coder.encode(['uint64', 'uint64', 'bytes32'], [v.fromSeq, v.toSeq, `0x${v.root}`])
}

export function decodeAnchorValue(data: string): AnchorValue | undefined {
  try {
    const [fromSeq, toSeq, root] = coder.decode(['uint64', 'uint64', 'bytes32'], data) as unknown as [bigint, bigint, string]
    return { fromSeq: Number(fromSeq), toSeq: Number(toSeq), root: root.slice(2) }
  } catch {
    return undefined
  }
}

export interface SentAnchor {
  txHash: string
  wait(): Promise<{ blockNumber: number; gasUsed: bigint; status: number | null } | null>
}

export async function sendAnchor(signer: Signer, registry: string, identity: string, value: AnchorValue): Promise<SentAnchor> {
  const contract = new Contract(registry, DID_REGISTRY_ABI as never, signer)
  const tx = await (contract.getFunction('setAttribute') as (...a: unknown[]) => Promise<{ hash: string; wait(): Promise<unknown> }>)(
    identity,
    ANCHOR_ATTRIBUTE,
    encodeAnchorValue(value),
    1,
  )
  return { txHash: tx.hash, wait: () => tx.wait() as never }
}

export interface OnChainAnchor extends AnchorValue {
  identity: string
  blockNumber: number
  txHash: string
}

function parseAnchorLog(log: { topics: readonly string[]; data: string; blockNumber: number; transactionHash: string }): (OnChainAnchor & { previousChange: number }) | undefined {
  try {
    const parsed = registryInterface.parseLog({ topics: [...log.topics], data: log.data })
    if (!parsed || parsed.name !== 'DIDAttributeChanged' || parsed.args.name !== ANCHOR_ATTRIBUTE) return undefined
    const value = decodeAnchorValue(parsed.args.value as string)
    if (!value) return undefined
    return { ...value, identity: String(parsed.args.identity), blockNumber: log.blockNumber, txHash: log.transactionHash, previousChange: Number(parsed.args.previousChange) }
  } catch {
    return undefined
  }
}

/** The anchor written by transaction `txHash` for `identity`, read from its receipt; undefined if none. */
export async function readAnchorFromTx(provider: JsonRpcProvider, registry: string, identity: string, txHash: string): Promise<OnChainAnchor | undefined> {
  const receipt = await provider.getTransactionReceipt(txHash)
  if (!receipt || receipt.status !== 1) return undefined
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== registry.toLowerCase()) continue
    const anchor = parseAnchorLog({ ...log, transactionHash: receipt.hash })
    if (anchor && anchor.identity.toLowerCase() === identity.toLowerCase()) {
      const { previousChange: _p, ...rest } = anchor
      void _p
      return rest
    }
  }
  return undefined
}

/**
 * Looks back through the identity's last `maxChanges` registry changes (the registry links each change to
 * the previous one) for an anchor of exactly this value: used before re-sending after a crash, so an
 * anchor that did reach the chain is adopted rather than written twice.
 */
export async function findRecentAnchor(provider: JsonRpcProvider, registry: string, identity: string, value: AnchorValue, maxChanges = 20): Promise<OnChainAnchor | undefined> {
  const contract = new Contract(registry, DID_REGISTRY_ABI as never, provider)
  let block = Number(await (contract.getFunction('changed') as (a: string) => Promise<bigint>)(identity))
  const identityTopic = addressTopic(identity)
  for (let i = 0; i < maxChanges && block > 0; i++) {
    const logs = await provider.getLogs({ address: registry, fromBlock: block, toBlock: block, topics: [null, identityTopic] })
    let previous = 0
    for (const log of logs) {
      const anchor = parseAnchorLog(log)
      if (!anchor) {
        const parsed = registryInterface.parseLog({ topics: [...log.topics], data: log.data })
        const prev = parsed ? Number(parsed.args.previousChange ?? 0) : 0
        if (prev < block) previous = Math.max(previous, prev)
        continue
      }
      if (anchor.previousChange < block) previous = Math.max(previous, anchor.previousChange)
      if (anchor.fromSeq === value.fromSeq && anchor.toSeq === value.toSeq && anchor.root === value.root) {
        const { previousChange: _p, ...rest } = anchor
        void _p
        return rest
      }
    }
    block = previous
  }
  return undefined
}

export interface ListAnchorsOptions {
  /** First block to search: the registry's deployment block if known, else 0. */
  fromBlock?: number
  toBlock: number
  /** Blocks per eth_getLogs query; narrowed by itself when the node refuses a range as too large. */
  blockWindow?: number
}

const MIN_BLOCK_WINDOW = 100

/**
 * Every anchor `identity` wrote through the registry up to `toBlock`, in chain order: what the platform DID
 * actually anchored, whatever the database says. Reads DIDAttributeChanged logs filtered by event and identity
 * (the attribute name is not indexed, so other attributes of the identity are skipped here) in windows of
 * blocks, because hosted nodes bound the block range or result count of one query.
 */
export async function listAnchors(provider: JsonRpcProvider, registry: string, identity: string, options: ListAnchorsOptions): Promise<OnChainAnchor[]> {
  const anchors: OnChainAnchor[] = []
  let window = options.blockWindow ?? 10_000
  for (let from = options.fromBlock ?? 0; from <= options.toBlock; ) {
    const to = Math.min(options.toBlock, from + window - 1)
    let logs
    try {
      logs = await provider.getLogs({ address: registry, fromBlock: from, toBlock: to, topics: [ATTRIBUTE_CHANGED_TOPIC, addressTopic(identity)] })
    } catch (error) {
      if (window <= MIN_BLOCK_WINDOW) throw error
      window = Math.max(MIN_BLOCK_WINDOW, Math.floor(window / 4))
      continue
    }
    for (const log of logs) {
      const anchor = parseAnchorLog(log)
      if (!anchor) continue
      const { previousChange: _p, ...rest } = anchor
      void _p
      anchors.push(rest)
    }
    from = to + 1
  }
  return anchors
}
