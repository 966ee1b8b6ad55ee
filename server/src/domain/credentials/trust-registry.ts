/**
 * The trust registry: which licensing boards are accredited, by which trust anchor, for which licence types
 * and jurisdictions. Trust anchors are the TRUST_ANCHOR organisations registered on this deployment; an
 * accreditation counts while it is ACTIVE (not suspended or revoked) and within its validity dates.
 */
import type { DbTx } from '../../db.js'
import type { AccreditationClaims } from './credential-types.js'

export async function trustedAnchorDids(db: DbTx): Promise<string[]> {
  return (await db.organization.findMany({ where: { kind: 'TRUST_ANCHOR' }, select: { did: true } })).map((o) => o.did)
}

export interface AccreditationMatch {
  credentialId: string
  trustAnchorDid: string
  jwt: string
}

/** The accreditation that lets `boardDid` issue `licenseType` in `jurisdiction` at `at`, if any. */
export async function findAccreditation(
  db: DbTx,
  args: { boardDid: string; licenseType: string; jurisdiction: string; at?: Date },
): Promise<AccreditationMatch | undefined> {
  const at = args.at ?? new Date()
  const anchors = await trustedAnchorDids(db)
  if (anchors.length === 0) return undefined
  const candidates = await db.issuedCredential.findMany({
    where: { type: 'AccreditationCredential', subjectDid: args.boardDid, status: 'ACTIVE', issuerDid: { in: anchors }, issuedAt: { lte: at } },
    orderBy: { issuedAt: 'desc' },
  })
  for (const c of candidates) {
    if (c.validUntil && c.validUntil <= at) continue
    const claims = JSON.parse(c.claims) as AccreditationClaims
    if (claims.licenseTypes.includes(args.licenseType as never) && claims.jurisdictions.includes(args.jurisdiction)) {
      return { credentialId: c.id, trustAnchorDid: c.issuerDid, jwt: c.jwt }
    }
  }
  return undefined
}

/**
 * findAccreditation remembering its answers per board, licence type and jurisdiction: for one bulk run
 * (a CSV import validates thousands of rows against the same few accreditations).
 */
export function memoizedAccreditationLookup(): typeof findAccreditation {
  const answers = new Map<string, Promise<AccreditationMatch | undefined>>()
  return (db, args) => {
    const key = `${args.boardDid}|${args.licenseType}|${args.jurisdiction}`
    let answer = answers.get(key)
    if (!answer) {
      answer = findAccreditation(db, args)
      answers.set(key, answer)
    }
    return answer
  }
}
