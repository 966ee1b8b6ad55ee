import { decodeJWT } from 'did-jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedAccreditation, seedBoard, seedPersonKey, seedTrustAnchor } from '../../../../prisma/seed/seed-functions.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { issueCredentials } from '../credentials/issue-credentials.js'
import { decodeStatusList, readStatusBit } from './bitstring.js'
import { getStatusListCredential } from './publish-status-list.js'
import { openStatusGroup } from './status-list-groups.js'

describe('status list groups', () => {
  let p: TestPlatform
  let board: Awaited<ReturnType<typeof seedBoard>>
  beforeAll(async () => {
    p = await startTestPlatform()
    const anchor = await seedTrustAnchor(p)
    board = await seedBoard(p)
    await seedAccreditation(p, { anchor, board })
  })
  afterAll(async () => {
    await p.destroy()
  })

  const licences = (n: number) =>
    Array.from({ length: n }, () => ({ type: 'ClinicianLicenseCredential' as const, subjectDid: seedPersonKey(p, 'c').did, claims: licenseClaims(), validFrom: new Date(), validUntil: new Date(Date.now() + 86_400_000) }))
  const issue = (n: number) => issueCredentials(p, { issuer: board, actor: { actorType: 'SYSTEM', actor: 'test' }, items: licences(n) })

  it('opens a new list when the current one is full, and both lists keep serving their credentials', async () => {
    // A tiny first group (the real minimum is 131,072 entries), so filling it takes a few issuances.
    const small = await openStatusGroup(p.db, { orgId: board.id, did: board.did }, 8)
    const first = await issue(6)
    expect(new Set(first.map((c) => c.statusGroupId))).toEqual(new Set([small.id]))
    const second = await issue(6) // 2 entries left: the batch goes to a new group
    expect(new Set(second.map((c) => c.statusGroupId)).size).toBe(1)
    const next = await p.db.statusListGroup.findUniqueOrThrow({ where: { id: second[0]!.statusGroupId } })
    expect(next.id).not.toBe(small.id)
    expect(next.size).toBeGreaterThanOrEqual(131_072)
    expect((await p.db.statusListGroup.findUniqueOrThrow({ where: { id: small.id } })).full).toBe(true)
    const third = await issue(2) // the full group is never drawn from again
    expect(third.every((c) => c.statusGroupId === next.id)).toBe(true)

    // Every credential's index is unique within its group, and each group's published list reads it as unset.
    for (const [groupId, issued] of [[small.id, first], [next.id, [...second, ...third]]] as const) {
      expect(new Set(issued.map((c) => c.statusIndex)).size).toBe(issued.length)
      const lists = await p.db.publishedStatusList.findMany({ where: { groupId } })
      for (const list of lists) {
        const published = await getStatusListCredential(p, list.id)
        const subject = (decodeJWT(published.jwt).payload as { vc: { credentialSubject: { encodedList: string } } }).vc.credentialSubject
        const bits = decodeStatusList(subject.encodedList)
        for (const c of issued) expect(readStatusBit(bits, c.statusIndex)).toBe(false)
      }
    }
  })
})
