/**
 * The CSRF token of the current staff session: in memory, mirrored to sessionStorage so a reload in the same tab
 * keeps it before the session query answers. It is derived from the httpOnly session cookie by the server, so
 * it is useless without that cookie.
 */
const STORAGE_KEY = 'credgate.csrfToken'

let current: string | undefined = readStored()

export function getCsrfToken(): string | undefined {
  return current
}

export function setCsrfToken(token: string): void {
  current = token
  try {
    window.sessionStorage.setItem(STORAGE_KEY, token)
  } catch {
    // Storage can be unavailable (privacy modes, quotas): memory is enough.
  }
}

export function clearCsrfToken(): void {
  current = undefined
  try {
    window.sessionStorage.removeItem(STORAGE_KEY)
  } catch {
    // see setCsrfToken
  }
}

function readStored(): string | undefined {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY) ?? undefined
  } catch {
    return undefined
  }
}
