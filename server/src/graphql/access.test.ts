import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedHospital, seedStaff } from '../../../prisma/seed/seed-functions.js'
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.js'
import { GraphQLTestClient, startTestServer, type TestServer } from '../testing/test-server.js'
import { allAccessRules, buildRawSchema, buildSchema } from './schema.js'
import { fieldsWithoutRules } from './access.js'

describe('GraphQL authorization rules', () => {
  it('declares an access rule for every root Query and Mutation field', () => {
    expect(fieldsWithoutRules(buildRawSchema(), allAccessRules())).toEqual([])
  })

  it('refuses to build a schema with a root field that has no rule', () => {
    const rules = allAccessRules()
    const [someField] = Object.keys(rules)
    const { [someField!]: _dropped, ...fewer } = rules
    void _dropped
    expect(() => buildSchema([{ typeDefs: 'type Query { unguarded: Int }', resolvers: {}, access: fewer }])).toThrow(/without an access rule: Query.unguarded/)
  })
})

describe('GraphQL authorization refusals are audited', () => {
  let p: TestPlatform
  let server: TestServer
  let hospital: Awaited<ReturnType<typeof seedHospital>>
  let staff: Awaited<ReturnType<typeof seedStaff>>
  const refusals = () => p.db.auditEntry.findMany({ where: { action: 'staff.access', actor: staff.account.id }, orderBy: { seq: 'asc' } })

  beforeAll(async () => {
    p = await startTestPlatform()
    server = await startTestServer(p)
    hospital = await seedHospital(p)
    staff = await seedStaff(p, { orgId: hospital.id, roles: ['HR'] })
  })
  afterAll(async () => {
    await server?.close()
    await p?.destroy()
  })

  it('writes one DENIED entry per refusal for role (FORBIDDEN) and CSRF (CSRF_FAILED), with identifiers only', async () => {
    const client = new GraphQLTestClient(server.baseUrl)
    await client.login(staff.email, staff.password)
    const forbidden = await client.request('{ auditVerification { __typename } }')
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const csrf = client.csrfToken
    client.csrfToken = undefined
    const noCsrf = await client.request('mutation { logout }')
    expect(noCsrf.errors?.[0]?.extensions?.code).toBe('CSRF_FAILED')
    client.csrfToken = csrf
    expect((await client.request('{ session { csrfToken } }')).errors).toBeUndefined() // allowed: not audited here

    const entries = await refusals()
    expect(entries.map((e) => ({ decision: e.decision, reasonCode: e.reasonCode, actorType: e.actorType, orgId: e.orgId, subjectType: e.subjectType, subject: e.subject, details: e.details }))).toEqual([
      { decision: 'DENIED', reasonCode: 'FORBIDDEN', actorType: 'STAFF', orgId: hospital.id, subjectType: 'FIELD', subject: 'Query.auditVerification', details: '{}' },
      { decision: 'DENIED', reasonCode: 'CSRF_FAILED', actorType: 'STAFF', orgId: hospital.id, subjectType: 'FIELD', subject: 'Mutation.logout', details: '{}' },
    ])
    // the session survived the refused logout
    expect((await client.request<{ session: { csrfToken: string } | null }>('{ session { csrfToken } }')).data?.session).not.toBeNull()
  })
})
