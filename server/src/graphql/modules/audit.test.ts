import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedHospital, seedStaff } from '../../../../prisma/seed/seed-functions.js'
import { seedTrustAnchor } from '../../../../prisma/seed/seed-functions.js'
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
  let hr: GraphQLTestClient
  let hrAccountId: string
  let admin: GraphQLTestClient

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
    expect(lines[0]).toBe(
      'seq,at,actorType,actor,orgId,action,subjectType,subject,decision,reasonCode,details,prevHash,hash,anchorRoot,anchorTx,anchorBlock,anchorFromSeq,anchorToSeq,anchorChainId,anchorRegistry,anchoredBy,leafIndex,treeSize,merklePath',
    )
    expect(lines.length).toBeGreaterThan(1)
    expect(lines.slice(1).every((l) => l.includes(hospitalId))).toBe(true)
    // the anchored rows carry their inclusion path (the rows read back and checked in export-audit.test.ts)
    expect(lines.slice(1).some((l) => /,\d+,\d+,[0-9a-f]{64}(;[0-9a-f]{64})*$/.test(l))).toBe(true)
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

  describe('alert rules and alerts', () => {
    beforeAll(async () => {
      const h = await seedStaff(p, { orgId: hospitalId, roles: ['HR'] })
      hr = new GraphQLTestClient(server.baseUrl)
      await hr.login(h.email, h.password)
      hrAccountId = h.account.id
      const ad = await seedStaff(p, { orgId: hospitalId, roles: ['HOSPITAL_ADMIN'] })
      admin = new GraphQLTestClient(server.baseUrl)
      await admin.login(ad.email, ad.password)
    })

    it('lets hospital admins and privacy officers read and tune their organisation\'s alert rules, validated and audited; others are refused', async () => {
      const rules = await admin.request<{ alertRules: Array<{ key: string; threshold: number; windowSeconds: number; enabled: boolean; customized: boolean }> }>(
        '{ alertRules { key description action decision severity threshold windowSeconds enabled customized updatedAt } }',
      )
      expect(rules.errors).toBeUndefined()
      expect(rules.data!.alertRules.find((r) => r.key === 'staff.repeated_access_refusals')).toMatchObject({ threshold: 5, windowSeconds: 600, enabled: true, customized: false })

      const update = 'mutation($k: String!, $t: Int, $w: Int, $e: Boolean) { updateAlertRule(key: $k, threshold: $t, windowSeconds: $w, enabled: $e) { key threshold windowSeconds enabled customized } }'
      const done = await auditor.request<{ updateAlertRule: unknown }>(update, { k: 'verification.repeated_failures', t: 3, w: 120 })
      expect(done.errors).toBeUndefined()
      expect(done.data!.updateAlertRule).toEqual({ key: 'verification.repeated_failures', threshold: 3, windowSeconds: 120, enabled: true, customized: true })
      expect(await p.db.auditEntry.count({ where: { action: 'alert.rule_update', decision: 'DONE', orgId: hospitalId } })).toBe(1)

      expect((await admin.request(update, { k: 'verification.repeated_failures', t: 0 })).errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED')
      expect((await admin.request(update, { k: 'verification.repeated_failures', w: 30 * 86_400 })).errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED')
      expect((await admin.request(update, { k: 'nope', t: 2 })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
      expect(await p.db.auditEntry.count({ where: { action: 'alert.rule_update', decision: 'DENIED', orgId: hospitalId } })).toBe(3)

      const refused = await hr.request(update, { k: 'records.denied', e: false })
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
      expect((await hr.request('{ alertRules { key } }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
      expect(await p.db.auditEntry.count({ where: { action: 'alert.rule_update', decision: 'DONE', orgId: hospitalId } })).toBe(1)
    })

    it('alerts the hospital once when one staff account is refused repeatedly', async () => {
      for (let i = 0; i < 8; i++) expect((await hr.request('{ auditEntries { seq } }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
      const listed = await auditor.request<{ alerts: Array<{ ruleKey: string; actor: string; platform: boolean }> }>('{ alerts { ruleKey actor platform severity message } }')
      expect(listed.data!.alerts.filter((a) => a.ruleKey === 'staff.repeated_access_refusals')).toEqual([
        { ruleKey: 'staff.repeated_access_refusals', actor: hrAccountId, platform: false, severity: 'warning', message: expect.stringContaining('FORBIDDEN') },
      ])
    })

    it('shows alerts about actors of no organisation to trust administrators, not to hospitals', async () => {
      const stranger = new GraphQLTestClient(server.baseUrl)
      for (let i = 0; i < 5; i++) await stranger.request('mutation { login(email: "ghost@x.example", password: "wrong") { csrfToken } }')
      const raised = await p.db.alert.findMany({ where: { ruleKey: 'staff.repeated_login_failures', orgId: p.platformOrg.id } })
      expect(raised).toHaveLength(1)
      const hospitalView = await auditor.request<{ alerts: Array<{ id: string }> }>('{ alerts(limit: 500) { id } }')
      expect(hospitalView.data!.alerts.map((a) => a.id)).not.toContain(raised[0]!.id)
      expect((await auditor.request('mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }', { id: raised[0]!.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND')

      const anchor = await seedTrustAnchor(p)
      const t = await seedStaff(p, { orgId: anchor.id, roles: ['TRUST_ADMIN'] })
      const trust = new GraphQLTestClient(server.baseUrl)
      await trust.login(t.email, t.password)
      const trustView = await trust.request<{ alerts: Array<{ id: string; platform: boolean }> }>('{ alerts { id platform ruleKey } }')
      expect(trustView.data!.alerts.find((a) => a.id === raised[0]!.id)).toMatchObject({ platform: true })
    })
  })
})
