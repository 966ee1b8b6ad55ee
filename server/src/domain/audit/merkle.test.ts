import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { inclusionProof, merkleProver, merkleRoot, verifyInclusion } from './merkle.js'

const hashes = (n: number) => Array.from({ length: n }, (_, i) => crypto.createHash('sha256').update(`entry ${i}`).digest('hex'))

describe('RFC 9162 Merkle tree', () => {
  it('proves every leaf of trees of many sizes, and rejects wrong leaves, indexes and roots', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 100]) {
      const leaves = hashes(n)
      const root = merkleRoot(leaves)
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves, i)
        expect(verifyInclusion(leaves[i]!, i, n, proof, root)).toBe(true)
        expect(verifyInclusion(hashes(n + 1)[n]!, i, n, proof, root)).toBe(false)
        if (n > 1) expect(verifyInclusion(leaves[i]!, (i + 1) % n, n, proof, root)).toBe(false)
      }
      expect(verifyInclusion(leaves[0]!, 0, n, inclusionProof(leaves, 0), '00'.repeat(32))).toBe(false)
    }
  })

  it('changes the root when any entry changes, is removed or is reordered', () => {
    const leaves = hashes(10)
    const root = merkleRoot(leaves)
    expect(merkleRoot([...leaves.slice(0, 3), hashes(11)[10]!, ...leaves.slice(4)])).not.toBe(root)
    expect(merkleRoot(leaves.slice(0, 9))).not.toBe(root)
    expect(merkleRoot([leaves[1]!, leaves[0]!, ...leaves.slice(2)])).not.toBe(root)
  })
})

describe('merkleProver', () => {
  it('gives the same RFC 9162 paths as inclusionProof for every leaf of trees of 1 to 40 entries', () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = hashes(n)
      const prove = merkleProver(leaves)
      for (let i = 0; i < n; i++) expect(prove(i)).toEqual(inclusionProof(leaves, i))
    }
  })
})
