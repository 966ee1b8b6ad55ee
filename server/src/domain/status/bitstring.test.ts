import { describe, expect, it } from 'vitest'
import { decodeStatusList, encodeStatusList, MIN_STATUS_LIST_SIZE, readStatusBit } from './bitstring.js'

describe('Bitstring Status List encoding', () => {
  it('round-trips set bits, left-most bit first, as gzip + multibase base64url', () => {
    const encoded = encodeStatusList(MIN_STATUS_LIST_SIZE, [0, 7, 8, 131_071, 4242])
    expect(encoded.startsWith('u')).toBe(true)
    const bits = decodeStatusList(encoded)
    expect(bits.length).toBe(MIN_STATUS_LIST_SIZE / 8)
    expect(bits[0]).toBe(0b1000_0001)
    for (const i of [0, 7, 8, 131_071, 4242]) expect(readStatusBit(bits, i)).toBe(true)
    for (const i of [1, 6, 9, 4241, 131_070]) expect(readStatusBit(bits, i)).toBe(false)
    expect(encoded.length).toBeLessThan(200) // mostly zeros compress to almost nothing
  })

  it('refuses indexes outside the list and lists that decompress past the limit', () => {
    expect(() => encodeStatusList(16, [16])).toThrow()
    const bits = decodeStatusList(encodeStatusList(16, []))
    expect(() => readStatusBit(bits, 16)).toThrow()
    expect(() => decodeStatusList(encodeStatusList(8 * 1024 * 64, []), 1024)).toThrow()
    expect(() => decodeStatusList('zabc')).toThrow()
  })
})
