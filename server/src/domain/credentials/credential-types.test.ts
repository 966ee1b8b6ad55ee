import { describe, expect, it } from 'vitest'
import { Validity } from './credential-types.js'

describe('dates in issuance input', () => {
  it('refuses dates that are not on the calendar instead of rolling them over', () => {
    expect(Validity.safeParse({ validUntil: '2027-02-30' }).success).toBe(false)
    expect(Validity.safeParse({ validUntil: '2027-13-01' }).success).toBe(false)
    expect(Validity.safeParse({ validUntil: 'next tuesday' }).success).toBe(false)
    expect(Validity.safeParse({ validUntil: '2027-02-28' }).success).toBe(true)
    expect(Validity.safeParse({ validUntil: '2028-02-29T12:00:00Z' }).success).toBe(true)
  })
})
