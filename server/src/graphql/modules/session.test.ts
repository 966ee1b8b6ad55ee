import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedHospital, seedStaff } from '../../../../prisma/seed/seed-functions.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { GraphQLTestClient, startTestServer, type TestServer } from '../../testing/test-server.js'

describe('staff sessions over GraphQL', () => {
  let p: TestPlatform
  let server: TestServer
  let staff: { email: string; password: string; account: { id: string } }

  beforeAll(async () => {
    p = await startTestPlatform()
    server = await startTestServer(p)
    const hospital = await seedHospital(p)
    staff = await seedStaff(p, { orgId: hospital.id, roles: ['HR'] })
  })
  afterAll(async () => {
    await server.close()
    await p.destroy()
  })

  it('signs in with an httpOnly, SameSite=Strict cookie and answers session', async () => {
    const client = new GraphQLTestClient(server.baseUrl)
    const login = await client.login(staff.email, staff.password)
    expect(login.setCookie).toMatch(/cg_session=[^;]+; .*HttpOnly/i)
    expect(login.setCookie).toMatch(/SameSite=Strict/i)
    const me = await client.request<{ session: { account: { email: string; roles: string[] } } }>('{ session { account { email roles } } }')
    expect(me.data?.session.account).toEqual({ email: staff.email, roles: ['HR'] })
    const session = await p.db.staffSession.findFirst({ where: { accountId: staff.account.id } })
    expect(session?.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    expect(client.cookie).not.toContain(session!.tokenHash) // only the hash is stored
  })

  it('rejects a mutation without the CSRF token, accepts it with the token, and logout ends the session', async () => {
    const client = new GraphQLTestClient(server.baseUrl)
    await client.login(staff.email, staff.password)
    const csrf = client.csrfToken
    client.csrfToken = undefined
    const denied = await client.request('mutation { logout }')
    expect(denied.errors?.[0]?.extensions?.code).toBe('CSRF_FAILED')
    client.csrfToken = csrf
    expect((await client.request('mutation { logout }')).data).toEqual({ logout: true })
    expect((await client.request('{ session { csrfToken } }')).data).toEqual({ session: null })
  })

  it('answers a wrong password with INVALID_LOGIN, locks out after repeated failures, and audits and alerts', async () => {
    const victim = await seedStaff(p, { orgId: staff.account.id ? (await p.db.staffAccount.findUniqueOrThrow({ where: { id: staff.account.id } })).orgId : '', roles: ['HR'] })
    const client = new GraphQLTestClient(server.baseUrl)
    const q = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken } }'
    for (let i = 0; i < 5; i++) {
      const r = await client.request(q, { e: victim.email, p: 'wrong-password' })
      expect(r.errors?.[0]?.extensions?.code).toBe('INVALID_LOGIN')
    }
    const locked = await client.request(q, { e: victim.email, p: victim.password })
    expect(locked.errors?.[0]?.extensions?.code).toBe('ACCOUNT_LOCKED')
    const denials = await p.db.auditEntry.count({ where: { action: 'staff.login', decision: 'DENIED', actor: victim.account.id } })
    expect(denials).toBe(6)
    const alerts = await p.db.alert.findMany({ where: { ruleKey: 'staff.repeated_login_failures', actor: victim.account.id } })
    expect(alerts).toHaveLength(1)
  })

  it('refuses unauthenticated access to staff-only fields with UNAUTHENTICATED', async () => {
    const client = new GraphQLTestClient(server.baseUrl)
    const r = await client.request('mutation { logout }')
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
  })

  it('refuses batched operations and oversized bodies', async () => {
    const batched = await fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ platform { chainId } }' }, { query: '{ platform { chainId } }' }]) })
    expect(batched.status).toBeGreaterThanOrEqual(400)
    expect(batched.status).toBeLessThan(500)
    const huge = await fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ platform { chainId } } # ${'x'.repeat(300_000)}` }) })
    expect(huge.status).toBe(413)
  })

  it('enforces depth limits and masks unknown errors', async () => {
    const client = new GraphQLTestClient(server.baseUrl)
    const deep = `{ session { account { organization { id } } } ${'__typename '.repeat(3)} }`
    expect((await client.request(deep)).errors).toBeUndefined()
    const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: platform { chainId }`).join(' ')} }`
    expect((await client.request(aliases)).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX')
  })
})
