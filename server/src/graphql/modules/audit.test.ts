import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedHospital, seedStaff } from '../../../../prisma/seed/seed-functions.js'
import { anchorAuditLog } from '../../domain/audit/anchor-audit-log.js'
import { verifyAuditInclusionProof, type AuditInclusionProof } from '../../domain/audit/audit-inclusion-proof.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { GraphQLTestClient, startTestServer, type TestServer } from '../../testing/test-server.js'

describe('audit for auditors: entries, verification, proofs, export, alerts', () => {
  let p: TestPlatform
  let server: TestServer
  let auditor: GraphQLTestClient
  let hospitalId: string
  let otherSeq: number

  beforeAll(async () => {
    p = await startTestPlatform()
    server = await startTestServer(p)
    const hospital = await seedHospital(p)
    hospitalId = hospital.id
    const other = await seedHospital(p)
    const a = await seedStaff(p, { orgId: hospital.id, roles: ['AUDITOR', 'PRIVACY_OFFICER'] })
    const o = await seedStaff(p, { orgId: other.id, roles: ['AUDITOR'] })
    const otherClient = new GraphQLTestClient(server.baseUrl)
    await otherClient.login(o.email, o.password) // an entry of the other hospital
    otherSeq = (await p.db.auditEntry.findFirstOrThrow({ where: { orgId: other.id }, orderBy: { seq: 'desc' } })).seq
    auditor = new GraphQLTestClient(server.baseUrl)
    await auditor.login(a.email, a.password)
    await auditor.request('mutation { login(email: "nobody@x.example", password: "x") { csrfToken } }')
    await anchorAuditLog(p)
  })
  afterAll(async () => {
    await server.close()
    await p.destroy()
  })

  it("lists only the auditor's organisation's entries, and verifies the whole chain", async () => {
    const r = await auditor.request<{ auditEntries: Array<{ action: string; decision: string }>; auditVerification: { ok: boolean; anchorsChecked: number } }>(
      '{ auditEntries(filter: { action: "staff.*" }) { seq action decision actor } auditVerification { ok entries anchorsChecked problem { seq } } }',
    )
    expect(r.errors).toBeUndefined()
    expect(r.data!.auditEntries.map((e) => `${e.action}:${e.decision}`)).toEqual(['staff.login:GRANTED'])
    expect(r.data!.auditVerification).toMatchObject({ ok: true, anchorsChecked: 1 })
  })

  it('gives an inclusion proof for its own entries only; the proof checks against the chain', async () => {
    const own = await p.db.auditEntry.findFirstOrThrow({ where: { orgId: hospitalId } })
    const r = await auditor.request<{ auditInclusionProof: string }>('query($s: Int!) { auditInclusionProof(seq: $s) }', { s: own.seq })
    const proof = JSON.parse(r.data!.auditInclusionProof) as AuditInclusionProof
    expect(await verifyAuditInclusionProof(proof, p.provider)).toEqual({ valid: true })
    const foreign = await auditor.request('query($s: Int!) { auditInclusionProof(seq: $s) }', { s: otherSeq })
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
  })

  it('exports a period as CSV and JSON with the proof material, to auditors only', async () => {
    const csv = await fetch(`${server.baseUrl}/audit/export?format=csv`, { headers: { cookie: auditor.cookie! } })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="credgate-audit-.*\.csv"/)
    const lines = (await csv.text()).trim().split('\n')
    expect(lines[0]).toBe('seq,at,actorType,actor,orgId,action,subjectType,subject,decision,reasonCode,details,prevHash,hash,anchorRoot,anchorTx,anchorBlock')
    expect(lines.length).toBeGreaterThan(1)
    expect(lines.slice(1).every((l) => l.includes(hospitalId))).toBe(true)
    const json = (await (await fetch(`${server.baseUrl}/audit/export?format=json`, { headers: { cookie: auditor.cookie! } })).json()) as { entries: AuditInclusionProof[] }
    expect(json.entries.length).toBeGreaterThan(0)
    expect(await verifyAuditInclusionProof(json.entries[0]!, p.provider)).toEqual({ valid: true })
    expect((await fetch(`${server.baseUrl}/audit/export?format=csv`)).status).toBe(401)
    expect((await fetch(`${server.baseUrl}/audit/export?format=xml`, { headers: { cookie: auditor.cookie! } })).status).toBe(400)
  })

  it('lets a privacy officer acknowledge an alert of their organisation, once, audited', async () => {
    const alert = await p.db.alert.create({ data: { orgId: hospitalId, ruleKey: 'records.denied', severity: 'warning', message: 'test' } })
    const r = await auditor.request<{ acknowledgeAlert: { acknowledgedAt: string } }>('mutation($id: ID!) { acknowledgeAlert(id: $id) { id acknowledgedAt } }', { id: alert.id })
    expect(r.data!.acknowledgeAlert.acknowledgedAt).toBeTruthy()
    expect(await p.db.auditEntry.count({ where: { action: 'alert.acknowledge', subject: alert.id } })).toBe(1)
    const listed = await auditor.request<{ alerts: Array<{ id: string }> }>('{ alerts(unacknowledgedOnly: true) { id } }')
    expect(listed.data!.alerts.map((a) => a.id)).not.toContain(alert.id)
  })
})
