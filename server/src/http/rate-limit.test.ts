import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.js'
import { GraphQLTestClient, startTestServer, type TestServer } from '../testing/test-server.js'
import { RATE_LIMITS, RateLimiter } from './rate-limit.js'

describe('rate limits', () => {
  it('lets a client through up to its limit per window, then refuses until the window ends', () => {
    const limiter = new RateLimiter({ ...RATE_LIMITS, login: { limit: 3, windowMs: 1000 } })
    for (let i = 0; i < 3; i++) limiter.hit('login', '10.0.0.1', 0)
    expect(() => limiter.hit('login', '10.0.0.1', 10)).toThrow(expect.objectContaining({ code: 'RATE_LIMITED', details: { retryAfter: 1 } }))
    expect(() => limiter.hit('login', '10.0.0.2', 10)).not.toThrow() // another client
    expect(() => limiter.hit('login', '10.0.0.1', 1001)).not.toThrow() // next window
  })

  describe('on the real server', () => {
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

    it('answers 429 with Retry-After on the challenge endpoint and RATE_LIMITED on GraphQL login', async () => {
      const statuses: number[] = []
      let retryAfter: string | null = null
      for (let i = 0; i <= RATE_LIMITS.challenge.limit; i++) {
        const res = await fetch(`${server.baseUrl}/presentations/challenges`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"domain":"a.example"}' })
        statuses.push(res.status)
        retryAfter = res.headers.get('retry-after')
      }
      expect(statuses.slice(0, RATE_LIMITS.challenge.limit).every((s) => s === 201)).toBe(true)
      expect(statuses.at(-1)).toBe(429)
      expect(Number(retryAfter)).toBeGreaterThan(0)

      const client = new GraphQLTestClient(server.baseUrl)
      const codes: Array<string | undefined> = []
      for (let i = 0; i <= RATE_LIMITS.login.limit; i++) {
        const r = await client.request('mutation { login(email: "nobody@x.example", password: "x") { csrfToken } }')
        codes.push(r.errors?.[0]?.extensions?.code)
      }
      expect(codes.slice(0, RATE_LIMITS.login.limit).every((c) => c === 'INVALID_LOGIN')).toBe(true)
      expect(codes.at(-1)).toBe('RATE_LIMITED')
    })
  })
})
