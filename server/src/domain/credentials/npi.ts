/**
 * US National Provider Identifier: 10 digits, the last a Luhn check digit computed over the 9 leading digits
 * prefixed with 80840 (the ISO health-industry card issuer prefix), per CMS.
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false
  const digits = `80840${npi.slice(0, 9)}`
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit from the right of the payload (the check digit's neighbour first).
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return (10 - (sum % 10)) % 10 === Number(npi[9])
}

/** Appends the check digit to 9 digits (for seeds and tests). */
export function npiWithCheckDigit(nineDigits: string): string {
  for (let c = 0; c <= 9; c++) if (isValidNpi(`${nineDigits}${c}`)) return `${nineDigits}${c}`
  throw new Error('no check digit found')
}
