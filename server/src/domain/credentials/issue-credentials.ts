/**
 * The one issuance machine behind every credential type: allocate a status index per credential, sign the
 * W3C credential as a JWT (ES256K) with the issuer organisation's did:ethr key, and record it with its status
 * event and audit entry in one transaction. Batches serve bulk import; a single issuance is a batch of one.
 *
 * Supersession: a credential with a natural key (licence: jurisdiction + number) replaces the issuer's
 * current credential for that key, which is revoked and linked both ways in the same transaction; the
 * unique `currentKey` makes that hold under concurrent issuers.
 */
import crypto from 'node:crypto'
import { createJwtCredentialSigner, type CredGateAgent } from '../../../../agent-config/src/create-agent.js'
import { canonicalJson } from '../../canonical-json.js'
import type { Db } from '../../db.js'
import { AppError } from '../../errors.js'
import { appendAuditEntries, type AuditEvent } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { credentialStatusEntries, openStatusGroup, pickFreeIndexes, type StatusGroup } from '../status/status-list-groups.js'
import type { CredentialType } from './credential-types.js'

export interface IssuanceDeps {
  db: Db
  agent: CredGateAgent
  config: { publicUrl: string }
}

export interface IssuerOrg {
  id: string
  did: string
}

export interface CredentialToIssue {
  type: CredentialType
  subjectDid: string
  claims: Record<string, unknown>
  validFrom: Date
  validUntil?: Date | undefined
  /** Supersession key within the issuer (e.g. `US-CA:A12345`). */
  naturalKey?: string | undefined
  /** With a natural key: when the current credential has exactly these claims and dates, keep it. */
  keepIfIdentical?: boolean
  /** A re-issue of a suspended credential stays suspended (its reason recorded with the status event). */
  suspended?: { reason: string }
}

export interface IssuedCredentialRecord {
  id: string
  type: string
  issuerDid: string
  subjectDid: string
  jwt: string
  status: string
  issuedAt: Date
  validUntil: Date | null
  supersedesId: string | null
  statusIndex: number
  statusGroupId: string
  /** True when an identical current credential was kept instead of issuing a new one. */
  unchanged: boolean
}

const MAX_ATTEMPTS = 5

/** The unique `currentKey` of an issuer's current credential for a natural key (supersession is decided on it). */
export function currentKeyOf(issuerOrgId: string, naturalKey: string): string {
  return `${issuerOrgId}|${naturalKey}`
}

export async function issueCredentials(
  deps: IssuanceDeps,
  args: { issuer: IssuerOrg; actor: AuditActor; items: CredentialToIssue[]; importId?: string },
): Promise<IssuedCredentialRecord[]> {
  const { issuer, actor, items } = args
  const keyOf = (item: CredentialToIssue) => (item.naturalKey ? currentKeyOf(issuer.id, item.naturalKey) : null)
  const batchKeys = items.map(keyOf).filter((k): k is string => k !== null)
  if (new Set(batchKeys).size !== batchKeys.length) throw new AppError('VALIDATION_FAILED', 'A batch cannot hold two credentials with the same natural key')

  for (let attempt = 1; ; attempt++) {
    // Identical re-issues (idempotent imports) are answered from the register, not signed again.
    const currentKeys = items.map(keyOf).filter((k): k is string => k !== null)
    const currents = currentKeys.length
      ? await deps.db.issuedCredential.findMany({ where: { currentKey: { in: currentKeys } } })
      : []
    const currentByKey = new Map(currents.map((c) => [c.currentKey!, c]))
    const unchanged = new Map<number, IssuedCredentialRecord>()
    items.forEach((item, i) => {
      const current = keyOf(item) ? currentByKey.get(keyOf(item)!) : undefined
      if (item.keepIfIdentical && current && isSameContent(current, item)) unchanged.set(i, { ...toRecord(current), unchanged: true })
    })
    const toSign = items.map((item, i) => ({ item, i })).filter(({ i }) => !unchanged.has(i))

    let group = await openStatusGroup(deps.db, { orgId: issuer.id, did: issuer.did })
    let indexes = await pickFreeIndexes(deps.db, group, toSign.length)
    if (indexes.length < toSign.length) {
      await deps.db.statusListGroup.update({ where: { id: group.id }, data: { full: true } })
      group = await openStatusGroup(deps.db, { orgId: issuer.id, did: issuer.did })
      indexes = await pickFreeIndexes(deps.db, group, toSign.length)
    }
    const now = new Date()
    const signJwt = toSign.length ? await createJwtCredentialSigner(deps.agent, issuer.did) : undefined
    const signed = await Promise.all(
      toSign.map(async ({ item, i }, n) => {
        const id = `urn:uuid:${crypto.randomUUID()}`
        const jwt = await signCredential(deps, issuer, signJwt!, group, indexes[n]!, id, item, now)
        return { i, item, id, jwt, index: indexes[n]! }
      }),
    )

    try {
      const created = await deps.db.$transaction(
        async (tx) => {
          const out = new Map<number, IssuedCredentialRecord>(unchanged)
          // One lookup of the current credentials this batch supersedes, then the writes in bulk.
          const keys = signed.map((s) => keyOf(s.item)).filter((k): k is string => k !== null)
          const currentRows = keys.length ? await tx.issuedCredential.findMany({ where: { currentKey: { in: keys } } }) : []
          const currentOf = new Map(currentRows.map((c) => [c.currentKey!, c]))
          const events: AuditEvent[] = []
          const supersededIds = new Map<string, string>()
          const bumpedGroups = new Set<string>()
          for (const s of signed) {
            const currentKey = keyOf(s.item)
            const current = currentKey ? currentOf.get(currentKey) : undefined
            if (current) {
              const { count } = await tx.issuedCredential.updateMany({
                where: { id: current.id, currentKey },
                data: { status: 'REVOKED', statusReason: 'superseded', currentKey: null, supersededById: s.id },
              })
              if (count === 0) throw new AppError('CONFLICT', 'the current credential changed concurrently')
              bumpedGroups.add(current.statusGroupId)
              supersededIds.set(s.id, current.id)
              events.push({ ...actor, orgId: issuer.id, action: 'credential.revoke', subjectType: 'CREDENTIAL', subject: current.id, decision: 'DONE', reasonCode: 'SUPERSEDED', details: { supersededBy: s.id, type: current.type }, at: now })
            }
            const superseded = supersededIds.get(s.id)
            events.push({
              ...actor,
              orgId: issuer.id,
              action: 'credential.issue',
              subjectType: 'CREDENTIAL',
              subject: s.id,
              decision: 'DONE',
              details: {
                type: s.item.type,
                subjectDid: s.item.subjectDid,
                statusIndex: s.index,
                ...(s.item.naturalKey ? { naturalKey: s.item.naturalKey } : {}),
                ...(superseded ? { supersedes: superseded } : {}),
                ...(args.importId ? { importId: args.importId } : {}),
              },
              at: now,
            })
          }
          if (signed.some((s) => s.item.suspended)) bumpedGroups.add(group.id) // its suspension list changes
          for (const groupId of bumpedGroups) await tx.statusListGroup.update({ where: { id: groupId }, data: { version: { increment: 1 } } })
          const supersedeEvents = [...supersededIds].map(([newId, oldId]) => ({ credentialId: oldId, action: 'REVOKED', reason: `superseded by ${newId}`, actor: actor.actor, at: now }))
          const rows = signed.map((s) => ({
            id: s.id,
            orgId: issuer.id,
            issuerDid: issuer.did,
            subjectDid: s.item.subjectDid,
            type: s.item.type,
            jwt: s.jwt,
            claims: canonicalJson(s.item.claims),
            naturalKey: s.item.naturalKey ?? null,
            currentKey: keyOf(s.item),
            issuedAt: now,
            validUntil: s.item.validUntil ?? null,
            status: s.item.suspended ? 'SUSPENDED' : 'ACTIVE',
            statusGroupId: group.id,
            statusIndex: s.index,
            supersedesId: supersededIds.get(s.id) ?? null,
            importId: args.importId ?? null,
          }))
          await tx.issuedCredential.createMany({ data: rows })
          const suspendEvents = signed.flatMap((s) => (s.item.suspended ? [{ credentialId: s.id, action: 'SUSPENDED', reason: s.item.suspended.reason, actor: actor.actor, at: now }] : []))
          await tx.credentialStatusEvent.createMany({ data: [...supersedeEvents, ...signed.map((s) => ({ credentialId: s.id, action: 'ISSUED', actor: actor.actor, at: now })), ...suspendEvents] })
          await appendAuditEntries(tx, events)
          signed.forEach((s, n) => out.set(s.i, { ...toRecord(rows[n]!), unchanged: false }))
          const allocated = await tx.statusListGroup.update({ where: { id: group.id }, data: { allocated: { increment: signed.length } } })
          if (allocated.allocated >= allocated.size) await tx.statusListGroup.update({ where: { id: group.id }, data: { full: true } })
          return items.map((_, i) => out.get(i)!)
        },
        { timeout: 60_000, maxWait: 30_000 },
      )
      return created
    } catch (error) {
      // A concurrent issuer took one of our indexes or our current key first: draw again.
      const raced = isUniqueViolation(error) || (error instanceof AppError && error.code === 'CONFLICT')
      if (raced && attempt < MAX_ATTEMPTS) continue
      throw error
    }
  }
}

async function signCredential(deps: IssuanceDeps, issuer: IssuerOrg, signJwt: (credential: Record<string, unknown>) => Promise<string>, group: StatusGroup, index: number, id: string, item: CredentialToIssue, now: Date): Promise<string> {
  return signJwt({
    '@context': ['https://www.w3.org/2018/credentials/v1'],
    id,
    type: ['VerifiableCredential', item.type],
    issuer: { id: issuer.did },
    issuanceDate: (item.validFrom > now ? item.validFrom : now).toISOString(),
    ...(item.validUntil ? { expirationDate: item.validUntil.toISOString() } : {}),
    credentialSubject: { id: item.subjectDid, ...item.claims },
    credentialStatus: credentialStatusEntries(deps.config.publicUrl, group, index),
  })
}

function isSameContent(current: { claims: string; validUntil: Date | null; subjectDid: string; type: string; status: string }, item: CredentialToIssue): boolean {
  return (
    current.status === 'ACTIVE' &&
    current.type === item.type &&
    current.subjectDid === item.subjectDid &&
    current.claims === canonicalJson(item.claims) &&
    (current.validUntil?.getTime() ?? null) === (item.validUntil?.getTime() ?? null)
  )
}

function toRecord(row: {
  id: string
  type: string
  issuerDid: string
  subjectDid: string
  jwt: string
  status: string
  issuedAt: Date
  validUntil: Date | null
  supersedesId: string | null
  statusIndex: number
  statusGroupId: string
}): Omit<IssuedCredentialRecord, 'unchanged'> {
  const { id, type, issuerDid, subjectDid, jwt, status, issuedAt, validUntil, supersedesId, statusIndex, statusGroupId } = row
  return { id, type, issuerDid, subjectDid, jwt, status, issuedAt, validUntil, supersedesId, statusIndex, statusGroupId }
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002'
}
