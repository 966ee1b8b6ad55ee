/**
 * RFC 9162 (Certificate Transparency v2) Merkle tree hash over audit entry hashes, with inclusion proofs:
 * leaf = SHA-256(0x00 || entryHash), node = SHA-256(0x01 || left || right), split at the largest power of
 * two below n. Standard, domain-separated, and verifiable by anyone with a proof and the anchored root.
 */
import crypto from 'node:crypto'

const sha256 = (...parts: Buffer[]) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest()
const LEAF = Buffer.from([0])
const NODE = Buffer.from([1])

export function leafHash(entryHashHex: string): Buffer {
  return sha256(LEAF, Buffer.from(entryHashHex, 'hex'))
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

function treeHash(leaves: Buffer[], start: number, end: number): Buffer {
  const n = end - start
  if (n === 1) return leaves[start]!
  const k = largestPowerOfTwoBelow(n)
  return sha256(NODE, treeHash(leaves, start, start + k), treeHash(leaves, start + k, end))
}

/** Root over the given entry hashes (hex), as hex. */
export function merkleRoot(entryHashes: string[]): string {
  if (entryHashes.length === 0) throw new Error('cannot build a Merkle root over no entries')
  return treeHash(entryHashes.map(leafHash), 0, entryHashes.length).toString('hex')
}

/** RFC 9162 inclusion path for leaf `index` (audit path, bottom-up), as hex. Rehashes the whole range. */
export function inclusionProof(entryHashes: string[], index: number): string[] {
  const leaves = entryHashes.map(leafHash)
  return inclusionPath(index, leaves.length, (start, end) => treeHash(leaves, start, end))
}

/**
 * Inclusion paths for every leaf of one tree (the same paths as `inclusionProof`), with the tree built once:
 * each level of complete, aligned subtrees is kept (about 64 bytes per entry in all), so a path needs
 * O(log² n) hashing instead of re-hashing the whole range per entry.
 */
export function merkleProver(entryHashes: string[]): (index: number) => string[] {
  const n = entryHashes.length
  const levels: Buffer[] = [Buffer.concat(entryHashes.map(leafHash))]
  for (let width = n; width >= 2; width = Math.floor(width / 2)) {
    const below = levels[levels.length - 1]!
    const level = Buffer.alloc(Math.floor(width / 2) * 32)
    for (let i = 0; i < Math.floor(width / 2); i++) sha256(NODE, below.subarray(64 * i, 64 * i + 32), below.subarray(64 * i + 32, 64 * i + 64)).copy(level, 32 * i)
    levels.push(level)
  }
  const subtree = (start: number, end: number): Buffer => {
    const size = end - start
    if ((size & (size - 1)) === 0 && start % size === 0) {
      const slot = start / size
      return levels[Math.log2(size)]!.subarray(32 * slot, 32 * slot + 32)
    }
    const k = largestPowerOfTwoBelow(size)
    return sha256(NODE, subtree(start, start + k), subtree(start + k, end))
  }
  return (index) => inclusionPath(index, n, subtree)
}

/** The RFC 9162 audit path of leaf `index` in a tree of `n` leaves, given how to hash a subtree [start, end). */
function inclusionPath(index: number, n: number, subtree: (start: number, end: number) => Buffer): string[] {
  if (index < 0 || index >= n) throw new Error('index out of range')
  const path: Buffer[] = []
  const walk = (i: number, start: number, end: number) => {
    const size = end - start
    if (size === 1) return
    const k = largestPowerOfTwoBelow(size)
    if (i < k) {
      walk(i, start, start + k)
      path.push(subtree(start + k, end))
    } else {
      walk(i - k, start + k, end)
      path.push(subtree(start, start + k))
    }
  }
  walk(index, 0, n)
  return path.map((b) => b.toString('hex'))
}

/** RFC 9162 section 2.1.3.2: verifies that `entryHash` is leaf `index` of a tree of `treeSize` with `root`. */
export function verifyInclusion(entryHash: string, index: number, treeSize: number, proof: string[], rootHex: string): boolean {
  if (index < 0 || index >= treeSize) return false
  let fn = index
  let sn = treeSize - 1
  let r = leafHash(entryHash)
  for (const p of proof) {
    const node = Buffer.from(p, 'hex')
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(NODE, node, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1
          sn >>= 1
        }
      }
    } else {
      r = sha256(NODE, r, node)
    }
    fn >>= 1
    sn >>= 1
  }
  return sn === 0 && r.toString('hex') === rootHex
}
