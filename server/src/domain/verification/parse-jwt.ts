/**
 * Hardened compact-JWS parsing for JWT credentials and presentations: bounded size, exactly three
 * base64url segments, strict JSON (no duplicate keys, bounded depth), and only the algorithms did:ethr keys
 * produce (ES256K, ES256K-R). `none`, HMAC, RSA, EdDSA, P-256... are refused, so no algorithm confusion.
 */
import { CheckFailure } from './report.js'
import { parseStrictJson, StrictJsonError } from './strict-json.js'

export const SUPPORTED_ALGORITHMS = ['ES256K', 'ES256K-R'] as const
export type SupportedAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number]

export interface ParsedJwt {
  header: { alg: SupportedAlgorithm; kid?: string; typ?: string }
  payload: Record<string, unknown>
  signingInput: string
  signature: Buffer
}

const B64URL = /^[A-Za-z0-9_-]*$/

export function parseJwt(jwt: unknown, maxLength: number): ParsedJwt {
  if (typeof jwt !== 'string') throw new CheckFailure('MALFORMED', 'the JWT must be a string')
  if (jwt.length > maxLength) throw new CheckFailure('MALFORMED', `the JWT is longer than ${maxLength} characters`)
  const parts = jwt.split('.')
  if (parts.length !== 3) throw new CheckFailure('MALFORMED', `a compact JWS has 3 segments, this has ${parts.length}`)
  const [h, p, s] = parts as [string, string, string]
  if (!h || !p || !s || !B64URL.test(h) || !B64URL.test(p) || !B64URL.test(s)) throw new CheckFailure('MALFORMED', 'segments must be non-empty base64url')
  const header = decodeJson(h, 'header')
  const payload = decodeJson(p, 'payload')
  const alg = header.alg
  if (typeof alg !== 'string') throw new CheckFailure('MALFORMED', 'header has no alg')
  if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(alg)) throw new CheckFailure('UNSUPPORTED_ALGORITHM', `algorithm ${alg.slice(0, 20)} is not accepted (only ES256K and ES256K-R)`)
  if (header.crit !== undefined) throw new CheckFailure('MALFORMED', 'critical header parameters are not supported')
  if (header.kid !== undefined && typeof header.kid !== 'string') throw new CheckFailure('MALFORMED', 'kid must be a string')
  if (header.jwk !== undefined || header.jku !== undefined || header.x5u !== undefined || header.x5c !== undefined) {
    throw new CheckFailure('MALFORMED', 'embedded or remote keys (jwk, jku, x5u, x5c) are not accepted; keys come from the DID document')
  }
  const signature = Buffer.from(s, 'base64url')
  const expected = alg === 'ES256K' ? 64 : 65
  if (signature.length !== expected) throw new CheckFailure('SIGNATURE_INVALID', `an ${alg} signature is ${expected} bytes, this is ${signature.length}`)
  return { header: header as ParsedJwt['header'], payload, signingInput: `${h}.${p}`, signature }
}

function decodeJson(segment: string, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = parseStrictJson(Buffer.from(segment, 'base64url').toString('utf8'))
  } catch (error) {
    throw new CheckFailure('MALFORMED', `${what} is not valid JSON${error instanceof StrictJsonError ? ` (${error.message})` : ''}`)
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new CheckFailure('MALFORMED', `${what} must be a JSON object`)
  return value as Record<string, unknown>
}
