/**
 * The audience a hospital's presentations and signed requests are addressed to: `<hospital id>.<our host>`
 * (e.g. `6f1c...e2.credgate.example.org`). It is unique per hospital, so a presentation or a patient's request
 * made for one hospital is refused at another (DOMAIN_MISMATCH), even when both are served by one server.
 */
import type { DbTx } from '../../db.js'
import { notFound } from '../tenant-scope.js'

export function hospitalDomain(publicUrl: string, hospitalId: string): string {
  return `${hospitalId.toLowerCase()}.${new URL(publicUrl).host.toLowerCase()}`
}

/** A hospital by id; anything else (unknown id, another kind of organisation) is NOT_FOUND. */
/** A hospital by its id or its DID (a wallet knows the DID: it issued the wallet's identity or privileges). */
export async function findHospital(db: DbTx, hospitalId: string) {
  if (typeof hospitalId !== 'string' || hospitalId.length === 0 || hospitalId.length > 200) throw notFound('Hospital')
  const hospital = await db.organization.findFirst({ where: { kind: 'HOSPITAL', OR: [{ id: hospitalId }, { did: hospitalId }] } })
  if (!hospital) throw notFound('Hospital')
  return hospital
}
