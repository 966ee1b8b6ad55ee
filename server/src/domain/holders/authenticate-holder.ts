/**
 * DID authentication for people who hold their own keys (clinicians, patients): the wallet signs a short JWT
 * { iss: its DID, aud: our domain, nonce: a challenge we issued, exp } with a key its DID document authorises
 * for authentication. The challenge is consumed, so a proof works once.
 */
import type { Resolvable } from 'did-resolver'
import type { Db } from '../../db.js'
import { AppError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import { checkChallenge, consumeChallenge } from '../verification/challenges.js'
import { parseJwt } from '../verification/parse-jwt.js'
import { CheckFailure } from '../verification/report.js'
import { verifySigner } from '../verification/verify-signer.js'

const MAX_PROOF_LIFETIME_S = 5 * 60
const DID = /^did:ethr:(?:[a-zA-Z0-9_-]+:)?0x(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{66})$/

export async function authenticateHolder(
  deps: { db: Db; resolver: Resolvable },
  args: { proof: string; domain: string; action: string; now?: Date },
): Promise<{ did: string }> {
  const now = args.now ?? new Date()
  let did: string | undefined
  try {
    const parsed = parseJwt(args.proof, 8 * 1024)
    const p = parsed.payload
    if (typeof p.iss !== 'string' || !DID.test(p.iss)) throw new CheckFailure('MALFORMED', 'iss must be your did:ethr DID')
    did = p.iss
    const t = now.getTime() / 1000
    if (typeof p.exp !== 'number' || p.exp <= t || p.exp - t > MAX_PROOF_LIFETIME_S + 60) throw new CheckFailure('EXPIRED', 'the proof must expire within 5 minutes and not be expired')
    const audiences = Array.isArray(p.aud) ? p.aud : [p.aud]
    if (!audiences.includes(args.domain)) throw new CheckFailure('DOMAIN_MISMATCH', `the proof is not addressed to ${args.domain}`)
    if (typeof p.nonce !== 'string') throw new CheckFailure('CHALLENGE_MISMATCH', 'the proof carries no challenge')
    await verifySigner(deps.resolver, parsed, did, 'authentication')
    await checkChallenge(deps.db, { challenge: p.nonce, domain: args.domain, now })
    const nonce = p.nonce
    await deps.db.$transaction(async (tx) => {
      await consumeChallenge(tx, { challenge: nonce, now })
      await appendAuditEntry(tx, { actorType: 'DID', actor: did!, action: args.action, subjectType: 'HOLDER', subject: did!, decision: 'GRANTED', at: now })
    })
    return { did }
  } catch (error) {
    if (!(error instanceof CheckFailure)) throw error
    await deps.db.$transaction((tx) =>
      appendAuditEntry(tx, {
        actorType: did ? 'DID' : 'ANONYMOUS',
        actor: did ?? 'unknown-holder',
        action: args.action,
        subjectType: 'HOLDER',
        subject: did ?? null,
        decision: 'DENIED',
        reasonCode: error.code,
        at: now,
      }),
    )
    throw new AppError(error.code, error.message)
  }
}
