/**
 * The signed status list credential served at GET /status/:listId. It is a pure function of the group's
 * credential statuses; the signed JWT is cached with the group version it reflects and rebuilt on the first
 * request after any status change (which bumps the version in the same transaction), so a change is
 * published by the very next request.
 */
import crypto from 'node:crypto'
import type { CredGateAgent } from '../../../../agent-config/src/create-agent.js'
import type { Db } from '../../db.js'
import { notFound } from '../tenant-scope.js'
import { encodeStatusList } from './bitstring.js'
import { statusListUrl, type StatusPurpose } from './status-list-groups.js'

export interface StatusListDeps {
  db: Db
  agent: CredGateAgent
  config: { publicUrl: string }
}

export interface PublishedList {
  jwt: string
  etag: string
  version: number
}

const STATUS_BY_PURPOSE: Record<StatusPurpose, string> = { revocation: 'REVOKED', suspension: 'SUSPENDED' }

export async function getStatusListCredential(deps: StatusListDeps, listId: string): Promise<PublishedList> {
  const found = (await getStatusListCredentials(deps, [listId])).get(listId)
  if (!found) throw notFound('Status list')
  return found
}

/** Several lists in one database read (those whose group changed since they were signed are rebuilt). */
export async function getStatusListCredentials(deps: StatusListDeps, listIds: string[]): Promise<Map<string, PublishedList>> {
  const lists = await deps.db.publishedStatusList.findMany({ where: { id: { in: listIds } }, include: { group: true } })
  const out = new Map<string, PublishedList>()
  for (const list of lists) {
    out.set(list.id, list.jwt && list.etag && list.version === list.group.version ? { jwt: list.jwt, etag: list.etag, version: list.version } : await rebuild(deps, list))
  }
  return out
}

async function rebuild(
  deps: StatusListDeps,
  list: { id: string; groupId: string; purpose: string; group: { version: number; frozen: boolean; size: number; issuerDid: string } },
): Promise<PublishedList> {
  // Read the version before the statuses: if a change lands in between, we store the older version number
  // with newer data, and the next request rebuilds again (never the other way round).
  const version = list.group.version
  const purpose = list.purpose as StatusPurpose
  // A frozen group (issuer key compromised) reads "revoked" at every index, allocated or not.
  const set =
    list.group.frozen && purpose === 'revocation'
      ? Array.from({ length: list.group.size }, (_, i) => ({ statusIndex: i }))
      : await deps.db.issuedCredential.findMany({
          where: { statusGroupId: list.groupId, status: STATUS_BY_PURPOSE[purpose] },
          select: { statusIndex: true },
        })
  const url = statusListUrl(deps.config.publicUrl, list.id)
  const vc = await deps.agent.createVerifiableCredential({
    proofFormat: 'jwt',
    credential: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: { id: list.group.issuerDid },
      issuanceDate: new Date().toISOString(),
      credentialSubject: {
        id: `${url}#list`,
        type: 'BitstringStatusList',
        statusPurpose: purpose,
        encodedList: encodeStatusList(list.group.size, set.map((s) => s.statusIndex)),
      },
    },
  })
  const jwt = vc.proof.jwt as string
  const etag = `"${crypto.createHash('sha256').update(jwt).digest('base64url').slice(0, 27)}"`
  await deps.db.publishedStatusList.update({ where: { id: list.id }, data: { jwt, etag, version } })
  return { jwt, etag, version }
}
