/**
 * Seeded, bounded fuzzing: thousands of mutations of valid credentials, presentations and GraphQL requests.
 * None may verify, none may produce a 5xx, the server must stay up. The seed is printed so a failure replays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueChallenge } from './domain/verification/challenges.js'
import { seedCredentialWorld } from './testing/credential-fixtures.js'
import { startTestPlatform, type TestPlatform } from './testing/test-platform.js'
import { startTestServer, type TestServer } from './testing/test-server.js'
import { RateLimiter } from './http/rate-limit.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20261125)
const DOMAIN = 'fuzz.example.org'

/** mulberry32: small, seeded, good enough to drive mutations. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WEIRD: unknown[] = [null, true, 0, -1, 1e308, '', 'x'.repeat(1000), '\u0000', '\u202e', '🙂', [], {}, [[[]]], { __proto__: { admin: true } }, 'did:ethr:0x539:0x' + '0'.repeat(40), '../../etc/passwd', '<script>alert(1)</script>']

function mutateJson(value: unknown, rand: () => number, depth = 0): unknown {
  if (value && typeof value === 'object' && depth < 6) {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value)
    if (entries.length === 0 || rand() < 0.15) return WEIRD[Math.floor(rand() * WEIRD.length)]
    const [key, inner] = entries[Math.floor(rand() * entries.length)]!
    const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }
    const r = rand()
    if (r < 0.2 && !Array.isArray(copy)) delete (copy as Record<string, unknown>)[key]
    else if (r < 0.3 && !Array.isArray(copy)) (copy as Record<string, unknown>)[`x${Math.floor(rand() * 1000)}`] = WEIRD[Math.floor(rand() * WEIRD.length)]
    else (copy as Record<string, unknown>)[key as never] = mutateJson(inner, rand, depth + 1) as never
    return copy
  }
  if (typeof value === 'string') {
    if (rand() < 0.5 && value.length > 0) {
      const i = Math.floor(rand() * value.length)
      return value.slice(0, i) + String.fromCharCode(32 + Math.floor(rand() * 0x2000)) + value.slice(i + 1)
    }
    return WEIRD[Math.floor(rand() * WEIRD.length)]
  }
  return WEIRD[Math.floor(rand() * WEIRD.length)]
}

function mutateJwt(jwt: string, rand: () => number): unknown {
  const parts = jwt.split('.')
  const r = rand()
  if (r < 0.15) {
    // flip one character
    const i = Math.floor(rand() * jwt.length)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'
    return jwt.slice(0, i) + alphabet[Math.floor(rand() * alphabet.length)] + jwt.slice(i + 1)
  }
  if (r < 0.25) return jwt.slice(0, Math.floor(rand() * jwt.length))
  if (r < 0.3) return [parts[1], parts[0], parts[2]].join('.')
  if (r < 0.35) return WEIRD[Math.floor(rand() * WEIRD.length)]
  const which = r < 0.5 ? 0 : 1
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(parts[which]!, 'base64url').toString())
  } catch {
    return jwt
  }
  const mutated = JSON.stringify(mutateJson(json, rand)) ?? 'null'
  const out = [...parts]
  out[which] = Buffer.from(mutated).toString('base64url')
  return out.join('.')
}

describe(`fuzzing (seed ${SEED})`, () => {
  let p: TestPlatform
  let server: TestServer
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>

  beforeAll(async () => {
    p = await startTestPlatform()
    p.rateLimiter = new RateLimiter({ login: { limit: 1e9, windowMs: 60_000 }, challenge: { limit: 1e9, windowMs: 60_000 }, verify: { limit: 1e9, windowMs: 60_000 }, issue: { limit: 1e9, windowMs: 60_000 } })
    server = await startTestServer(p)
    w = await seedCredentialWorld(p)
  })
  afterAll(async () => {
    await server.close()
    await p.destroy()
  })

  it('accepts no mutated credential (2,000 cases, in process)', async () => {
    const rand = prng(SEED)
    let accepted = 0
    const deadline = Date.now() + 60_000
    for (let i = 0; i < 2000 && Date.now() < deadline; i++) {
      const input = mutateJwt(rand() < 0.5 ? w.license.jwt : w.privilege.jwt, rand)
      if (input === w.license.jwt || input === w.privilege.jwt) continue
      const report = await p.verifier.verifyCredential(input)
      if (report.verified) accepted++
    }
    expect(accepted).toBe(0)
  })

  it('accepts no mutated presentation, and the HTTP API never answers 5xx (600 cases)', async () => {
    const rand = prng(SEED + 1)
    const statuses = new Map<number, number>()
    let accepted = 0
    const deadline = Date.now() + 90_000
    for (let i = 0; i < 600 && Date.now() < deadline; i++) {
      const { challenge } = await issueChallenge(p.db, { domain: DOMAIN })
      const vp = await w.clinician.present([w.license.jwt, w.privilege.jwt], challenge, DOMAIN)
      const mutated = mutateJwt(vp, rand)
      if (mutated === vp) continue
      const body = rand() < 0.8 ? { verifiablePresentation: mutated, options: { challenge, domain: DOMAIN } } : mutateJson({ verifiablePresentation: mutated, options: { challenge, domain: DOMAIN } }, rand)
      const res = await fetch(`${server.baseUrl}/presentations/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      if (res.status === 200 && ((await res.json()) as { verified: boolean }).verified) accepted++
    }
    expect(accepted).toBe(0)
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([])
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200)
  })

  it('answers mutated GraphQL requests without a 5xx or a leaked stack (500 cases)', async () => {
    const rand = prng(SEED + 2)
    const templates = [
      { query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken } }', variables: { e: 'hr@demo.test', p: 'x' } },
      { query: 'mutation($c: String!) { verifyCredential(credential: $c) { verified checks { code } } }', variables: { c: w.license.jwt } },
      { query: 'query($id: ID!) { presentationRequest(id: $id) { id challenge } }', variables: { id: 'nope' } },
      { query: '{ platform { chainId didPrefix } session { csrfToken } }', variables: {} },
      { query: 'mutation($d: String!) { createPresentationChallenge(domain: $d) { challenge } }', variables: { d: DOMAIN } },
    ]
    const bad: string[] = []
    const deadline = Date.now() + 60_000
    for (let i = 0; i < 500 && Date.now() < deadline; i++) {
      const template = templates[Math.floor(rand() * templates.length)]!
      const r = rand()
      const body =
        r < 0.4
          ? { ...template, variables: mutateJson(template.variables, rand) }
          : r < 0.7
            ? { ...template, query: String(mutateJson(template.query, rand)) }
            : mutateJson(template, rand)
      const res = await fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      const text = await res.text()
      if (res.status >= 500 || /\n\s+at [^\n]+:\d+:\d+/.test(text) || /"code":"INTERNAL"/.test(text)) bad.push(`${res.status} ${JSON.stringify(body).slice(0, 200)} -> ${text.slice(0, 200)}`)
    }
    expect(bad).toEqual([])
  })
})
