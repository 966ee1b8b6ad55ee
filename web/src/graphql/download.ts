/**
 * Downloads a file from a route of ours that needs the CSRF header (e.g. an import's error report): fetched
 * with the header, then saved through a temporary object URL. Errors become ApiErrors like everywhere else.
 */
import { ApiError } from './api-error.ts'
import { getCsrfToken } from './csrf-token.ts'

export async function downloadFile(url: string, fileName: string): Promise<void> {
  const headers: Record<string, string> = {}
  const token = getCsrfToken()
  if (token) headers['x-csrf-token'] = token
  let response: Response
  try {
    response = await fetch(url, { headers, credentials: 'same-origin' })
  } catch {
    throw new ApiError('NETWORK_ERROR', 'Could not reach the server')
  }
  if (!response.ok) {
    let code = 'BAD_RESPONSE'
    try {
      const body = (await response.json()) as { code?: unknown }
      if (typeof body.code === 'string') code = body.code
    } catch {
      // not JSON: keep BAD_RESPONSE
    }
    throw new ApiError(code, `Download failed (HTTP ${response.status})`)
  }
  const blob = await response.blob()
  const objectUrl = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = objectUrl
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  window.setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000)
}
