/** Credentials issued on this platform to a holder's DID, for the holder's own wallet to pick up. */
import type { Db } from '../../db.js'

export async function listHolderCredentials(db: Db, holderDid: string) {
  const rows = await db.issuedCredential.findMany({ where: { subjectDid: holderDid }, orderBy: { issuedAt: 'desc' }, take: 200 })
  const orgs = await db.organization.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.orgId))] } }, select: { id: true, name: true } })
  const names = new Map(orgs.map((o) => [o.id, o.name]))
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    issuerDid: r.issuerDid,
    issuerName: names.get(r.orgId) ?? r.issuerDid,
    jwt: r.jwt,
    status: r.status,
    issuedAt: r.issuedAt,
    validUntil: r.validUntil,
  }))
}
