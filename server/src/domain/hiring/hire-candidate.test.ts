/**
 * Hiring exactly once, on the real chain and both databases: concurrent hires, a hire that died after its
 * claim (taken over once stale), and a hire whose completion is refused (its privilege withdrawn).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedCredential } from '../../../../prisma/seed/seed-functions.js'
import { defaultHiringPolicy } from '../verification/presentation-policies.js'
import { seedCredentialWorld } from '../../testing/credential-fixtures.js'
import { interceptTransactions } from '../../testing/intercept-transactions.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { HolderWallet } from '../../wallet/holder-wallet.js'
import { issueCredential } from '../credentials/issue-credential.js'
import type { OrgCaller } from '../credentials/issuer-permissions.js'
import { createCandidate, submitPresentation } from './candidates.js'
import { HIRING_CLAIM_TTL_MS, hireCandidate, privilegeKeyFor } from './hire-candidate.js'

describe.each(['sqlite', 'postgres'] as const)('hiring a candidate exactly once (%s)', (database) => {
  let p: TestPlatform
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  let hr: OrgCaller
  const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString()
  const input = (validUntil = inAYear()) => ({ role: 'Attending physician', department: 'Emergency', recordCategories: ['allergies' as const], validUntil })

  beforeAll(async () => {
    p = await startTestPlatform({ database })
    w = await seedCredentialWorld(p)
    await p.db.presentationPolicy.create({ data: { orgId: w.hospital.id, name: 'hiring', definition: JSON.stringify(defaultHiringPolicy('US-CA')) } })
    hr = { kind: 'staff', orgId: w.hospital.id, accountId: w.hr.account.id, roles: ['HR', 'HOSPITAL_ADMIN'] }
  })
  afterAll(async () => {
    await p?.destroy()
  })

  /** A fresh clinician with a licence whose presentation verified: a VERIFIED candidate. */
  async function verifiedCandidate() {
    const { wallet } = HolderWallet.create(p.chain.didPrefix)
    const license = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: wallet.did, claims: licenseClaims({ name: 'Dr. Hire Once' }) })
    const candidate = await createCandidate(p, { orgId: w.hospital.id, actor: { actorType: 'STAFF', actor: w.hr.account.id }, input: { name: 'Dr. Hire Once' } })
    const submitted = await submitPresentation(p, { requestId: candidate.id, presentation: await wallet.present([license.jwt], candidate.challenge, candidate.domain), ip: '127.0.0.1' })
    expect(submitted.verified).toBe(true)
    return { id: candidate.id, did: wallet.did }
  }
  const privileges = (did: string) => p.db.issuedCredential.findMany({ where: { type: 'StaffPrivilegeCredential', subjectDid: did }, orderBy: { issuedAt: 'asc' } })
  const hireAudit = (candidateId: string) => p.db.auditEntry.findMany({ where: { action: 'hiring.hire', subject: candidateId }, orderBy: { seq: 'asc' } })

  it('lets exactly one of two concurrent hires through: one privilege, one monitored clinician, the other refused CONFLICT', async () => {
    const c = await verifiedCandidate()
    const outcomes = await Promise.allSettled([hireCandidate(p, { caller: hr, candidateId: c.id, input: input() }), hireCandidate(p, { caller: hr, candidateId: c.id, input: input() })])
    const hired = outcomes.filter((o) => o.status === 'fulfilled')
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    expect(hired).toHaveLength(1)
    expect(refused.map((r) => (r.reason as { code?: string }).code)).toEqual(['CONFLICT'])

    const issued = await privileges(c.did)
    expect(issued).toHaveLength(1)
    expect(issued[0]).toMatchObject({ status: 'ACTIVE', naturalKey: privilegeKeyFor(c.id) })
    const candidate = await p.db.candidate.findUniqueOrThrow({ where: { id: c.id } })
    expect(candidate).toMatchObject({ stage: 'HIRED', privilegeCredentialId: issued[0]!.id })
    expect(await p.db.monitoredClinician.findMany({ where: { orgId: w.hospital.id, holderDid: c.did } })).toMatchObject([{ candidateId: c.id, privilegeJwt: issued[0]!.jwt }])
    expect((await hireAudit(c.id)).map((e) => [e.decision, e.reasonCode])).toEqual(expect.arrayContaining([['DONE', null], ['DENIED', 'CONFLICT']]))
    expect(await hireAudit(c.id)).toHaveLength(2)

    // and hiring again later is refused too, adding nothing
    await expect(hireCandidate(p, { caller: hr, candidateId: c.id, input: input() })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await privileges(c.did)).toHaveLength(1)
  })

  it('leaves the candidate retryable when the hire fails after its claim (an issuance refusal)', async () => {
    const c = await verifiedCandidate()
    await expect(hireCandidate(p, { caller: hr, candidateId: c.id, input: input(new Date(Date.now() - 60_000).toISOString()) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect((await p.db.candidate.findUniqueOrThrow({ where: { id: c.id } })).stage).toBe('VERIFIED')
    expect(await privileges(c.did)).toHaveLength(0)
    expect(await p.db.auditEntry.count({ where: { action: 'credential.issue', decision: 'DENIED', subject: c.did, reasonCode: 'VALIDATION_FAILED' } })).toBe(1)
    const hired = await hireCandidate(p, { caller: hr, candidateId: c.id, input: input() })
    expect(hired.stage).toBe('HIRED')
    expect((await privileges(c.did)).map((x) => x.status)).toEqual(['ACTIVE'])
  })

  it('takes over a claim whose hire died after issuing, once stale, and keeps one live privilege', async () => {
    const c = await verifiedCandidate()
    // A hire that claimed, issued its privilege, and died before completing.
    const claimedAt = new Date(Date.now() - 1000)
    await p.db.candidate.update({ where: { id: c.id }, data: { stage: 'HIRING', updatedAt: claimedAt } })
    const stray = await issueCredential(p, {
      caller: hr,
      request: { type: 'StaffPrivilegeCredential', subjectDid: c.did, claims: { name: 'Dr. Hire Once', role: 'Resident', department: 'Emergency', recordCategories: ['allergies'] }, validUntil: inAYear() },
      options: { naturalKey: privilegeKeyFor(c.id), keepIfIdentical: true },
    })
    // While the claim is fresh, another hire is refused.
    await expect(hireCandidate(p, { caller: hr, candidateId: c.id, input: input() })).rejects.toMatchObject({ code: 'CONFLICT' })
    // Once stale, a hire takes it over; its privilege supersedes the stray one.
    const later = new Date(claimedAt.getTime() + HIRING_CLAIM_TTL_MS + 1000)
    const hired = await hireCandidate(p, { caller: hr, candidateId: c.id, input: input(), now: later })
    expect(hired.stage).toBe('HIRED')
    const issued = await privileges(c.did)
    expect(issued.map((x) => [x.id === stray.id, x.status])).toEqual([
      [true, 'REVOKED'],
      [false, 'ACTIVE'],
    ])
    expect(hired.privilegeCredentialId).toBe(issued[1]!.id)
  })

  it('withdraws the privilege when the hire cannot complete (the candidate was rejected meanwhile)', async () => {
    const c = await verifiedCandidate()
    // Between the issuance and the completion, someone rejects the candidate.
    let rejected = false
    const db = interceptTransactions(p.db, {
      after: async () => {
        if (rejected || (await privileges(c.did)).length === 0) return
        rejected = true
        await p.db.candidate.update({ where: { id: c.id }, data: { stage: 'REJECTED', rejectedReason: 'withdrew' } })
      },
    })
    await expect(hireCandidate({ ...p, db }, { caller: hr, candidateId: c.id, input: input() })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(rejected).toBe(true)
    const issued = await privileges(c.did)
    expect(issued).toMatchObject([{ status: 'REVOKED', currentKey: null }])
    expect(await p.db.auditEntry.findMany({ where: { subject: issued[0]!.id }, orderBy: { seq: 'asc' } })).toMatchObject([
      { action: 'credential.issue', decision: 'DONE' },
      { action: 'credential.revoke', decision: 'DONE', reasonCode: 'HIRE_NOT_COMPLETED' },
    ])
    expect(await p.db.candidate.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ stage: 'REJECTED', privilegeCredentialId: null })
    expect(await p.db.monitoredClinician.count({ where: { holderDid: c.did } })).toBe(0)
    expect((await hireAudit(c.id)).map((e) => [e.decision, e.reasonCode])).toEqual([['DENIED', 'CONFLICT']])
  })
})
