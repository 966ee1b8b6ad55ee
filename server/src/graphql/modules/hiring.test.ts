import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedHospital, seedStaff } from '../../../../prisma/seed/seed-functions.js'
import { changeCredentialStatus } from '../../domain/credentials/change-credential-status.js'
import { recheckStaff } from '../../domain/monitoring/recheck-staff.js'
import { defaultHiringPolicy } from '../../domain/verification/presentation-policies.js'
import { seedCredentialWorld } from '../../testing/credential-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { GraphQLTestClient, startTestServer, type TestServer } from '../../testing/test-server.js'
import { HolderWallet } from '../../wallet/holder-wallet.js'

const CANDIDATE = 'id name stage holderDid requestUrl challenge domain report { verified checks { check passed code } credentials { types claims } } privilegeCredentialId'

describe('hiring: request, present, verify, hire, monitor', () => {
  let p: TestPlatform
  let server: TestServer
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  let hr: GraphQLTestClient
  const anonymous = () => new GraphQLTestClient(server.baseUrl)

  beforeAll(async () => {
    p = await startTestPlatform()
    server = await startTestServer(p)
    w = await seedCredentialWorld(p)
    await p.db.presentationPolicy.create({ data: { orgId: w.hospital.id, name: 'hiring', definition: JSON.stringify(defaultHiringPolicy('US-CA')) } })
    hr = new GraphQLTestClient(server.baseUrl)
    await hr.login(w.hr.email, w.hr.password)
  })
  afterAll(async () => {
    await server.close()
    await p.destroy()
  })

  async function newCandidate(name: string) {
    const r = await hr.request<{ createCandidate: { id: string; challenge: string; domain: string; requestUrl: string } }>(`mutation($n: String!) { createCandidate(name: $n) { ${CANDIDATE} } }`, { n: name })
    expect(r.errors).toBeUndefined()
    return r.data!.createCandidate
  }

  it('walks a candidate from request to hire, and the clinician picks up the privileges with a DID proof', async () => {
    const candidate = await newCandidate('Dr. Alice Nguyen')
    expect(candidate.requestUrl).toBe(`${p.config.publicUrl}/wallet/present?request=${candidate.id}`)
    // The clinician's wallet reads the request (public) and answers it.
    const req = await anonymous().request<{ presentationRequest: { challenge: string; domain: string; organizationName: string; status: string } }>(
      'query($id: ID!) { presentationRequest(id: $id) { challenge domain organizationName status definition } }',
      { id: candidate.id },
    )
    expect(req.data!.presentationRequest).toMatchObject({ organizationName: w.hospital.name, status: 'OPEN' })
    const vp = await w.clinician.present([w.license.jwt], req.data!.presentationRequest.challenge, req.data!.presentationRequest.domain)
    const submitted = await anonymous().request<{ submitPresentation: { verified: boolean } }>('mutation($id: ID!, $vp: String!) { submitPresentation(requestId: $id, presentation: $vp) { verified message } }', { id: candidate.id, vp })
    expect(submitted.data!.submitPresentation.verified).toBe(true)

    const seen = await hr.request<{ candidate: { stage: string; holderDid: string; report: { verified: boolean; checks: Array<{ passed: boolean }> } } }>(`query($id: ID!) { candidate(id: $id) { ${CANDIDATE} } }`, { id: candidate.id })
    expect(seen.data!.candidate).toMatchObject({ stage: 'VERIFIED', holderDid: w.clinician.did, report: { verified: true } })
    expect(seen.data!.candidate.report.checks.every((c) => c.passed)).toBe(true)

    const until = new Date(Date.now() + 365 * 86_400_000).toISOString()
    const hired = await hr.request<{ hireCandidate: { stage: string; privilegeCredentialId: string } }>(
      'mutation($id: ID!, $u: String!) { hireCandidate(id: $id, role: "Attending physician", department: "Emergency", recordCategories: ["allergies", "medications"], validUntil: $u) { stage privilegeCredentialId } }',
      { id: candidate.id, u: until },
    )
    expect(hired.errors).toBeUndefined()
    expect(hired.data!.hireCandidate.stage).toBe('HIRED')

    const challenge = await anonymous().request<{ createPresentationChallenge: { challenge: string; domain: string } }>('mutation($d: String!) { createPresentationChallenge(domain: $d) { challenge domain } }', { d: new URL(p.config.publicUrl).host })
    const { challenge: c, domain } = challenge.data!.createPresentationChallenge
    const proof = await w.clinician.authProof(c, domain)
    const mine = await anonymous().request<{ fetchMyCredentials: Array<{ type: string; status: string }> }>('mutation($p: String!) { fetchMyCredentials(proof: $p) { type status issuerName jwt } }', { p: proof })
    expect(mine.data!.fetchMyCredentials.map((x) => x.type).sort()).toEqual(['ClinicianLicenseCredential', 'StaffPrivilegeCredential', 'StaffPrivilegeCredential'])
    // the proof worked once
    const again = await anonymous().request('mutation($p: String!) { fetchMyCredentials(proof: $p) { type } }', { p: proof })
    expect(again.errors?.[0]?.extensions?.code).toBe('CHALLENGE_REPLAYED')
    // someone else's proof for that DID does not work
    const c2 = (await anonymous().request<{ createPresentationChallenge: { challenge: string } }>('mutation($d: String!) { createPresentationChallenge(domain: $d) { challenge } }', { d: domain })).data!.createPresentationChallenge.challenge
    const mallory = HolderWallet.create(p.chain.didPrefix).wallet
    const forged = (await mallory.authProof(c2, domain)).split('.')
    const claimsAsAlice = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(forged[1]!, 'base64url').toString()), iss: w.clinician.did })).toString('base64url')
    const stolen = await anonymous().request('mutation($p: String!) { fetchMyCredentials(proof: $p) { type } }', { p: `${forged[0]}.${claimsAsAlice}.${forged[2]}` })
    expect(stolen.errors?.[0]?.extensions?.code).toBe('SIGNATURE_INVALID')
  })

  it('keeps watching hired staff: a revoked licence and a coming expiry raise alerts', async () => {
    const monitored = await p.db.monitoredClinician.findFirstOrThrow({ where: { holderDid: w.clinician.did } })
    expect(monitored.licenseState).toBe('OK')
    await changeCredentialStatus(p.db, { caller: { kind: 'staff', orgId: w.board.id, accountId: 'board', roles: ['BOARD_ADMIN'] }, input: { credentialId: w.license.id, action: 'revoke', reason: 'misconduct' } })
    const after = await hr.request<{ recheckStaff: Array<{ licenseState: string; privilegeState: string }> }>('mutation { recheckStaff { name licenseState privilegeState licenseExpiresAt } }')
    expect(after.data!.recheckStaff[0]).toMatchObject({ licenseState: 'REVOKED', privilegeState: 'OK' })
    const alerts = await hr.request<{ alerts: Array<{ ruleKey: string; subject: string }> }>('{ alerts { ruleKey subject severity message } }')
    expect(alerts.data!.alerts.filter((a) => a.ruleKey === 'monitoring.credential_problem' && a.subject === w.clinician.did)).toHaveLength(1)
    // re-checking again does not alert twice for the same state
    await recheckStaff(p, { orgId: w.hospital.id })
    expect(await p.db.alert.count({ where: { ruleKey: 'monitoring.credential_problem' } })).toBe(1)
    // 40 days before the privileges expire: the 60-day warning (once), then the 30-day one
    const privilegeEnd = (await p.db.monitoredClinician.findFirstOrThrow({ where: { holderDid: w.clinician.did } })).privilegeExpiresAt!
    await recheckStaff(p, { orgId: w.hospital.id, now: new Date(privilegeEnd.getTime() - 40 * 86_400_000) })
    await recheckStaff(p, { orgId: w.hospital.id, now: new Date(privilegeEnd.getTime() - 39 * 86_400_000) })
    await recheckStaff(p, { orgId: w.hospital.id, now: new Date(privilegeEnd.getTime() - 20 * 86_400_000) })
    const warnings = await p.db.auditEntry.findMany({ where: { action: 'monitoring.expiry_warning' }, orderBy: { seq: 'asc' } })
    expect(warnings.map((w) => w.reasonCode)).toEqual(['EXPIRES_WITHIN_60_DAYS', 'EXPIRES_WITHIN_30_DAYS'])
  })

  it('ignores a forged answer (the candidate keeps waiting) and hides candidates from other hospitals', async () => {
    const candidate = await newCandidate('Dr. Ben Okafor')
    const mallory = HolderWallet.create(p.chain.didPrefix).wallet
    const vp = (await mallory.present([w.license.jwt], candidate.challenge, candidate.domain)).split('.')
    const asAlice = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(vp[1]!, 'base64url').toString()), iss: w.clinician.did })).toString('base64url')
    const res = await anonymous().request<{ submitPresentation: { verified: boolean } }>('mutation($id: ID!, $vp: String!) { submitPresentation(requestId: $id, presentation: $vp) { verified } }', { id: candidate.id, vp: `${vp[0]}.${asAlice}.${vp[2]}` })
    expect(res.data!.submitPresentation.verified).toBe(false)
    expect((await p.db.candidate.findUniqueOrThrow({ where: { id: candidate.id } })).stage).toBe('INVITED')

    const other = await seedHospital(p)
    const otherHr = await seedStaff(p, { orgId: other.id, roles: ['HR'] })
    const client = new GraphQLTestClient(server.baseUrl)
    await client.login(otherHr.email, otherHr.password)
    const peek = await client.request(`query($id: ID!) { candidate(id: $id) { id } }`, { id: candidate.id })
    expect(peek.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
    expect((await client.request<{ candidates: unknown[] }>('{ candidates { id } }')).data!.candidates).toEqual([])
  })
})
