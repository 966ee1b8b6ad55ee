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

describe('dates in issuance input', () => {
  it('refuses dates that are not on the calendar instead of rolling them over', async () => {
    const { Validity } = await import('./credential-types.js')
    expect(Validity.safeParse({ validUntil: '2027-02-30' }).success).toBe(false)
    expect(Validity.safeParse({ validUntil: '2027-13-01' }).success).toBe(false)
    expect(Validity.safeParse({ validUntil: 'next tuesday' }).success).toBe(false)
    expect(Validity.safeParse({ validUntil: '2027-02-28' }).success).toBe(true)
    expect(Validity.safeParse({ validUntil: '2028-02-29T12:00:00Z' }).success).toBe(true)
  })
})
