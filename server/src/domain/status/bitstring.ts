/**
 * W3C Bitstring Status List encoding: bit i is the i-th bit from the left (most significant bit of byte 0
 * first); `encodedList` is the multibase base64url (prefix "u") of the GZIP-compressed bitstring.
 */
import zlib from 'node:zlib'

/** Minimum list length required by the spec (16 KB), also the herd-privacy floor. */
export const MIN_STATUS_LIST_SIZE = 131_072

export function encodeStatusList(size: number, setIndexes: Iterable<number>): string {
  if (size % 8 !== 0) throw new Error('status list size must be a multiple of 8')
  const bits = new Uint8Array(size / 8)
  for (const index of setIndexes) {
    if (index < 0 || index >= size) throw new Error(`status index ${index} outside the list`)
    bits[index >> 3]! |= 0x80 >> (index & 7)
  }
  return `u${zlib.gzipSync(bits, { level: 9 }).toString('base64url')}`
}

/** Decompressed bitstring of an encodedList; throws on anything malformed or larger than maxBytes. */
export function decodeStatusList(encodedList: string, maxBytes = 16 * 1024 * 1024): Uint8Array {
  if (!encodedList.startsWith('u')) throw new Error('encodedList must be multibase base64url (u...)')
  const compressed = Buffer.from(encodedList.slice(1), 'base64url')
  return new Uint8Array(zlib.gunzipSync(compressed, { maxOutputLength: maxBytes }))
}

export function readStatusBit(bits: Uint8Array, index: number): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) throw new Error(`status index ${index} outside the list`)
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0
}
