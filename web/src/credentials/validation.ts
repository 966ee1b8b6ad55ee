/** Client-side checks that mirror the server's (server/src/domain/credentials): quick feedback, never the last word. */

export const DID_ETHR = /^did:ethr:(?:[a-zA-Z0-9_-]+:)?0x(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{66})$/

export function isDidEthr(value: string): boolean {
  return DID_ETHR.test(value.trim())
}

/** US National Provider Identifier: 10 digits, Luhn check digit over "80840" + the first 9 digits. */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false
  const digits = `80840${npi.slice(0, 9)}`
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return (10 - (sum % 10)) % 10 === Number(npi[9])
}

export const LICENSE_NUMBER = /^[A-Z0-9-]{3,30}$/i

export const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
