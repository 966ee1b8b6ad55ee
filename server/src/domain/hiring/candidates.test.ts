/**
 * HR cannot reject a candidate, or send them a new request, while a hire is in progress (HIRING): refused
 * CONFLICT, audited as a refusal, the candidate unchanged; the hire then completes. Real chain and database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedCredential } from '../../../../prisma/seed/seed-functions.js'
import { seedCredentialWorld } from '../../testing/credential-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { HolderWallet } from '../../wallet/holder-wallet.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { defaultHiringPolicy } from '../verification/presentation-policies.js'
import { createCandidate, rejectCandidate, renewCandidateRequest, submitPresentation } from './candidates.js'
import { hireCandidate } from './hire-candidate.js'

describe('candidates mid-hire', () => {
  let p: TestPlatform
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  let actor: AuditActor

  beforeAll(async () => {
    p = await startTestPlatform()
    w = await seedCredentialWorld(p)
    await p.db.presentationPolicy.create({ data: { orgId: w.hospital.id, name: 'hiring', definition: JSON.stringify(defaultHiringPolicy('US-CA')) } })
    actor = { actorType: 'STAFF', actor: w.hr.account.id }
  })
  afterAll(async () => {
    await p?.destroy()
  })

  async function verifiedCandidate(name: string) {
    const { wallet } = HolderWallet.create(p.chain.didPrefix)
    const license = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: wallet.did, claims: licenseClaims({ name }) })
    const candidate = await createCandidate(p, { orgId: w.hospital.id, actor, input: { name } })
    expect((await submitPresentation(p, { requestId: candidate.id, presentation: await wallet.present([license.jwt], candidate.challenge, candidate.domain), ip: '127.0.0.1' })).verified).toBe(true)
    return candidate.id
  }
  const refusals = (action: string, id: string) => p.db.auditEntry.findMany({ where: { action, subject: id, decision: 'DENIED' } })

  it('refuses to reject or renew a candidate being hired, audited, changing nothing; the hire completes', async () => {
    const id = await verifiedCandidate('Dr. Mid Hire')
    await p.db.candidate.update({ where: { id }, data: { stage: 'HIRING' } }) // a hire's claim, as hire-candidate.ts takes it
    const before = await p.db.candidate.findUniqueOrThrow({ where: { id } })

    await expect(rejectCandidate(p, { orgId: w.hospital.id, actor, candidateId: id, reason: 'Changed our mind' })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(renewCandidateRequest(p, { orgId: w.hospital.id, actor, candidateId: id })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await p.db.candidate.findUniqueOrThrow({ where: { id } })).toEqual(before)
    expect(await refusals('hiring.reject', id)).toMatchObject([{ reasonCode: 'CONFLICT', orgId: w.hospital.id, actor: w.hr.account.id }])
    expect(await refusals('hiring.request', id)).toMatchObject([{ reasonCode: 'CONFLICT', orgId: w.hospital.id }])
    expect(await p.db.auditEntry.count({ where: { subject: id, decision: 'DONE', action: { in: ['hiring.reject'] } } })).toBe(0)

    await p.db.candidate.update({ where: { id }, data: { stage: 'VERIFIED' } })
    const caller = { kind: 'staff' as const, orgId: w.hospital.id, accountId: w.hr.account.id, roles: ['HR' as const] }
    const hired = await hireCandidate(p, { caller, candidateId: id, input: { role: 'Nurse', department: 'ED', recordCategories: ['allergies'], validUntil: new Date(Date.now() + 86_400_000).toISOString() } })
    expect(hired.stage).toBe('HIRED')
    await expect(rejectCandidate(p, { orgId: w.hospital.id, actor, candidateId: id, reason: 'Too late' })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await refusals('hiring.reject', id)).toHaveLength(2)
  })

  it('still rejects and renews candidates that are not being hired, and audits refusals of unknown candidates and missing reasons', async () => {
    const id = await verifiedCandidate('Dr. Not Hired')
    const renewed = await renewCandidateRequest(p, { orgId: w.hospital.id, actor, candidateId: id })
    expect(renewed.stage).toBe('INVITED')
    await expect(rejectCandidate(p, { orgId: w.hospital.id, actor, candidateId: id, reason: ' x ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(JSON.parse((await refusals('hiring.reject', id))[0]!.details)).toEqual({ fields: ['reason'] })
    const rejected = await rejectCandidate(p, { orgId: w.hospital.id, actor, candidateId: id, reason: 'Position filled' })
    expect(rejected).toMatchObject({ stage: 'REJECTED', rejectedReason: 'Position filled' })
    await expect(renewCandidateRequest(p, { orgId: w.hospital.id, actor, candidateId: id })).rejects.toMatchObject({ code: 'CONFLICT' })

    const foreign = await verifiedCandidate('Dr. Elsewhere')
    await expect(rejectCandidate(p, { orgId: w.board.id, actor, candidateId: foreign, reason: 'Not ours' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await p.db.candidate.findUniqueOrThrow({ where: { id: foreign } })).stage).toBe('VERIFIED')
    expect(await refusals('hiring.reject', foreign)).toMatchObject([{ reasonCode: 'NOT_FOUND', orgId: w.board.id }])
  })
})
