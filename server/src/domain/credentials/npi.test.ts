import { describe, expect, it } from 'vitest'
import { isValidNpi, npiWithCheckDigit } from './npi.js'

describe('NPI check digit (Luhn with the 80840 prefix)', () => {
  it('accepts valid NPIs and rejects altered ones', () => {
    expect(isValidNpi('1234567893')).toBe(true) // the CMS worked example
    expect(isValidNpi('1234567890')).toBe(false)
    expect(isValidNpi('123456789')).toBe(false)
    expect(isValidNpi('12345678931')).toBe(false)
    expect(isValidNpi('12345678a3')).toBe(false)
    expect(isValidNpi(npiWithCheckDigit('198765432'))).toBe(true)
  })
})
