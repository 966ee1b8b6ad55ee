/**
 * Status list groups: where each new credential's status index comes from. Indexes are drawn at random
 * (herd privacy: the index says nothing about issue order) and never reused; the database's unique
 * (group, index) constraint settles races between concurrent issuers and server instances.
 */
import crypto from 'node:crypto'
import type { DbTx } from '../../db.js'
import { MIN_STATUS_LIST_SIZE } from './bitstring.js'

export const STATUS_PURPOSES = ['revocation', 'suspension'] as const
export type StatusPurpose = (typeof STATUS_PURPOSES)[number]

export interface StatusGroup {
  id: string
  size: number
  lists: Array<{ id: string; purpose: string }>
}

/** The issuer's group that still has room, or a new one (with its two published lists). */
export async function openStatusGroup(db: DbTx, issuer: { orgId: string; did: string }, size = MIN_STATUS_LIST_SIZE): Promise<StatusGroup> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await db.statusListGroup.findFirst({
      where: { issuerDid: issuer.did },
      orderBy: { sequence: 'desc' },
      include: { lists: { select: { id: true, purpose: true } } },
    })
    if (latest && !latest.full) return latest
    try {
      return await db.statusListGroup.create({
        data: {
          orgId: issuer.orgId,
          issuerDid: issuer.did,
          sequence: latest ? latest.sequence + 1 : 0,
          size,
          lists: { create: STATUS_PURPOSES.map((purpose) => ({ id: crypto.randomUUID(), purpose })) },
        },
        include: { lists: { select: { id: true, purpose: true } } },
      })
    } catch (error) {
      // Another issuer opened this group first: use theirs.
      if ((error as { code?: string }).code !== 'P2002') throw error
    }
  }
  throw new Error('could not open a status list group')
}

/**
 * `count` distinct unused indexes of the group, drawn at random. Random probing while the list is sparse;
 * once probes keep hitting used indexes, the free set is computed exactly. Returns fewer than asked when
 * the group is (nearly) full: the caller marks it full and opens another.
 */
export async function pickFreeIndexes(db: DbTx, group: { id: string; size: number }, count: number): Promise<number[]> {
  const picked = new Set<number>()
  let misses = 0
  while (picked.size < count && misses < 8) {
    const want = count - picked.size
    const candidates = new Set<number>()
    const draws = Math.min(want * 2, group.size - picked.size) // never more distinct draws than the group holds
    while (candidates.size < draws) {
      const i = crypto.randomInt(group.size)
      if (!picked.has(i)) candidates.add(i)
    }
    const used = await db.issuedCredential.findMany({ where: { statusGroupId: group.id, statusIndex: { in: [...candidates] } }, select: { statusIndex: true } })
    const usedSet = new Set(used.map((u) => u.statusIndex))
    for (const c of candidates) if (!usedSet.has(c) && picked.size < count) picked.add(c)
    if (usedSet.size * 2 > candidates.size) misses++
  }
  if (picked.size < count) {
    const used = new Set((await db.issuedCredential.findMany({ where: { statusGroupId: group.id }, select: { statusIndex: true } })).map((u) => u.statusIndex))
    const free: number[] = []
    for (let i = 0; i < group.size; i++) if (!used.has(i) && !picked.has(i)) free.push(i)
    while (picked.size < count && free.length > 0) {
      const j = crypto.randomInt(free.length)
      picked.add(free[j]!)
      free[j] = free[free.length - 1]!
      free.pop()
    }
  }
  return [...picked]
}

export function statusListUrl(publicUrl: string, listId: string): string {
  return `${publicUrl}/status/${listId}`
}

/** The credentialStatus entries (one per purpose, same index) a credential carries. */
export function credentialStatusEntries(publicUrl: string, group: StatusGroup, index: number) {
  return STATUS_PURPOSES.map((purpose) => {
    const list = group.lists.find((l) => l.purpose === purpose)
    if (!list) throw new Error(`status group ${group.id} has no ${purpose} list`)
    const url = statusListUrl(publicUrl, list.id)
    return { id: `${url}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: url }
  })
}
