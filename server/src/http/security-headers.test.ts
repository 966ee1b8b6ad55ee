import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.js'
import { startTestServer, type TestServer } from '../testing/test-server.js'

describe('security headers', () => {
  let p: TestPlatform
  let server: TestServer
  beforeAll(async () => {
    p = await startTestPlatform()
    server = await startTestServer(p)
  })
  afterAll(async () => {
    await server.close()
    await p.destroy()
  })

  it('sends a strict CSP, no framing, no sniffing, no referrer, and hides the framework', async () => {
    for (const path of ['/healthz', '/', '/graphql?query=%7B__typename%7D']) {
      const res = await fetch(`${server.baseUrl}${path}`)
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('x-powered-by')).toBeNull()
      expect(res.headers.get('strict-transport-security')).toBeNull() // plain http here; set when PUBLIC_URL is https
    }
  })
})
