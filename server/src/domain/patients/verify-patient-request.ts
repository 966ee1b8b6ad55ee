/**
 * A patient's signed request (consent revocation, erasure): a compact JWT signed with a key the patient's DID
 * document authorises for authentication (HolderWallet.authProof makes one):
 *
 *   { iss: <patient DID>, aud: <hospital domain>, nonce: <patient-request challenge>, iat, exp (<= 5 min),
 *     action: "consent.revoke" | "records.erase", target: <consent id | patient id> }
 *
 * The challenge must have been issued by us for patient requests at that hospital; it is consumed by the
 * caller in the transaction that carries the request out, so a request works once. Kept as proof afterwards.
 */
import type { Resolvable } from 'did-resolver'
import type { DbTx } from '../../db.js'
import { hospitalOfChallenge } from '../did-sessions/access-challenges.js'
import { hospitalDomain } from '../did-sessions/hospital-domain.js'
import { checkChallenge } from '../verification/challenges.js'
import { parseJwt } from '../verification/parse-jwt.js'
import { CheckFailure } from '../verification/report.js'
import { CLOCK_SKEW_SECONDS } from '../verification/verifier.js'
import { verifySigner } from '../verification/verify-signer.js'

export const PATIENT_REQUEST_ACTIONS = ['consent.revoke', 'records.erase'] as const
export type PatientRequestAction = (typeof PATIENT_REQUEST_ACTIONS)[number]
export const MAX_PATIENT_REQUEST_CHARS = 8 * 1024
const MAX_LIFETIME_S = 5 * 60
const DID = /^did:ethr:(?:[a-zA-Z0-9_-]+:)?0x(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{66})$/

export interface PatientRequest {
  did: string
  action: PatientRequestAction
  target: string
  challenge: string
  hospital: { id: string; did: string }
  jwt: string
}

export async function verifyPatientRequest(
  deps: { db: DbTx; resolver: Resolvable; config: { publicUrl: string } },
  args: { request: unknown; action: PatientRequestAction; now: Date },
): Promise<PatientRequest> {
  if (typeof args.request === 'string' && args.request.length > MAX_PATIENT_REQUEST_CHARS) throw new CheckFailure('MALFORMED', `a signed request is at most ${MAX_PATIENT_REQUEST_CHARS} characters`)
  const parsed = parseJwt(typeof args.request === 'string' ? args.request.trim() : args.request, MAX_PATIENT_REQUEST_CHARS)
  const p = parsed.payload
  if (typeof p.iss !== 'string' || !DID.test(p.iss)) throw new CheckFailure('MALFORMED', 'iss must be your did:ethr DID')
  if (p.action !== args.action) throw new CheckFailure('MALFORMED', `this request must carry action "${args.action}"`)
  if (typeof p.target !== 'string' || p.target.length === 0 || p.target.length > 200) throw new CheckFailure('MALFORMED', 'target must name what the request is about')
  const t = args.now.getTime() / 1000
  if (typeof p.exp !== 'number' || typeof p.iat !== 'number') throw new CheckFailure('MALFORMED', 'iat and exp are required')
  if (p.iat > t + CLOCK_SKEW_SECONDS) throw new CheckFailure('NOT_YET_VALID', 'the request is dated in the future')
  if (p.exp <= t) throw new CheckFailure('EXPIRED', 'the request has expired')
  if (p.exp - p.iat > MAX_LIFETIME_S) throw new CheckFailure('MALFORMED', 'a request may be valid for 5 minutes at most')
  const hospital = await hospitalOfChallenge(deps.db, { challenge: p.nonce, purpose: 'patient-request' })
  const domain = hospitalDomain(deps.config.publicUrl, hospital.id)
  const audiences = Array.isArray(p.aud) ? p.aud : [p.aud]
  if (!audiences.some((a) => typeof a === 'string' && a.toLowerCase() === domain)) throw new CheckFailure('DOMAIN_MISMATCH', `the request is not addressed to ${domain}`)
  await verifySigner(deps.resolver, parsed, p.iss, 'authentication')
  await checkChallenge(deps.db, { challenge: p.nonce as string, domain, now: args.now })
  return { did: p.iss, action: args.action, target: p.target, challenge: p.nonce as string, hospital: { id: hospital.id, did: hospital.did }, jwt: (args.request as string).trim() }
}
