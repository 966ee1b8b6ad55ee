/** The hospital's patient list for its staff: DID, demographics (unsealed for display; none once erased), counts. */
import type { Db } from '../../db.js'
import { readProfileOrNull } from '../records/data-keys.js'
import { orgScope } from '../tenant-scope.js'

export async function listPatients(deps: { db: Db; masterKey: Buffer }, args: { orgId: string; limit?: number; offset?: number }) {
  const rows = await deps.db.patient.findMany({
    where: orgScope(args.orgId),
    orderBy: { createdAt: 'desc' },
    take: Math.min(Math.max(args.limit ?? 100, 1), 500),
    skip: Math.max(args.offset ?? 0, 0),
    include: { _count: { select: { records: true } } },
  })
  return rows.map((p) => ({
    id: p.id,
    did: p.did,
    profile: readProfileOrNull(deps.masterKey, p),
    identityCredentialId: p.identityCredentialId,
    registeredAt: p.createdAt,
    erasedAt: p.erasedAt,
    recordCount: p._count.records,
  }))
}
