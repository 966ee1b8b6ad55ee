/**
 * Records-access figures (issue 7): latency p50/p99 of an authorised records query (session re-check with
 * every credential verified again + consent verification + decryption and integrity check) under 50
 * concurrent clients over HTTP, and the time from a licence revocation to the first denied request.
 */
import { changeCredentialStatus } from '../../src/domain/credentials/change-credential-status.js'
import { RateLimiter, RATE_LIMITS } from '../../src/http/rate-limit.js'
import { clinicianSignIn, patientSignIn, seedRecordsWorld, signConsent } from '../../src/testing/records-fixtures.js'
import { startTestServer } from '../../src/testing/test-server.js'
import { latencyFigures, perSecond, type FigureGroup } from '../report.js'
import { startBenchPlatform, timed, type Suite } from '../suite.js'

const QUERY = 'query($p: ID!) { patientRecords(patientId: $p) { records { id category version } denied { category code } } }'

export const recordsSuite: Suite = {
  name: 'records',
  description: 'authorised records query latency under 50 clients; licence revocation to first denied request',
  flags: { 'records-requests': 'requests in the 50-client run (default 1000 x scale)' },
  async run(ctx) {
    const group: FigureGroup = { bench: 'records', figures: [] }
    const requests = ctx.intFlag('records-requests', 1000 * ctx.scale)
    ctx.log('records: starting platform')
    const p = await startBenchPlatform(ctx, 'sqlite')
    p.rateLimiter = new RateLimiter({ ...RATE_LIMITS, verify: { limit: 1e9, windowMs: 60_000 } })
    const server = await startTestServer(p)
    ctx.defer(() => server.close())
    const w = await seedRecordsWorld(p)
    const gql = async (token: string, query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) })
      return (await res.json()) as { data?: { patientRecords?: { records: unknown[] } }; errors?: Array<{ extensions?: { code?: string } }> }
    }
    const patient = await patientSignIn(p, w.patient.wallet, w.patient.identityJwt, w.hospital.id)
    const consent = await signConsent(w.patient.wallet, { grantee: w.clinician.did, custodian: w.hospital.did, categories: ['allergies', 'medications'], validUntil: new Date(Date.now() + 48 * 3600_000) })
    const granted = await gql(patient.token, 'mutation($c: String!) { grantConsent(consent: $c) { id } }', { c: consent })
    if (granted.errors) throw new Error(`consent not granted: ${JSON.stringify(granted.errors)}`)
    const clinician = await clinicianSignIn(p, w.clinician, [w.license.jwt, w.privilege.jwt], w.hospital.id)
    const first = await gql(clinician.token, QUERY, { p: w.patient.id })
    if (!first.data?.patientRecords || first.data.patientRecords.records.length !== 2) throw new Error(`unexpected records answer: ${JSON.stringify(first).slice(0, 300)}`)

    ctx.log(`records: ${requests} queries, 50 clients`)
    const latencies: number[] = []
    let next = 0
    const client = async () => {
      while (next++ < requests) {
        const started = performance.now()
        const r = await gql(clinician.token, QUERY, { p: w.patient.id })
        latencies.push(performance.now() - started)
        if (r.errors) throw new Error(`records query failed: ${JSON.stringify(r.errors).slice(0, 200)}`)
      }
    }
    const run = await timed(() => Promise.all(Array.from({ length: 50 }, client)))
    group.figures.push(...latencyFigures('records_query_50_clients', latencies))
    group.figures.push({ key: 'records_query_50_clients_per_s', value: perSecond(requests, run.ms), unit: '/s' })

    // Revocation to denial: the board revokes while the clinician keeps asking.
    const caller = { kind: 'staff' as const, orgId: w.board.id, accountId: w.boardAdmin.account.id, roles: ['BOARD_ADMIN' as const] }
    const revokedAt = performance.now()
    await changeCredentialStatus(p.db, { caller, input: { credentialId: w.license.id, action: 'revoke', reason: 'bench' } })
    const revocationMs = performance.now() - revokedAt
    let deniedAfter = Number.NaN
    for (let i = 0; i < 1000; i++) {
      const r = await gql(clinician.token, QUERY, { p: w.patient.id })
      if (r.errors?.[0]?.extensions?.code === 'REVOKED') {
        deniedAfter = performance.now() - revokedAt
        break
      }
    }
    if (Number.isNaN(deniedAfter)) throw new Error('access was not cut after the revocation')
    group.figures.push({ key: 'revocation_write_ms', value: revocationMs, unit: 'ms' })
    group.figures.push({ key: 'revocation_to_first_denial_ms', value: deniedAfter, unit: 'ms' })
    return [group]
  },
}
