/**
 * The one verification pipeline (DESIGN.md "Verification contract"), used by GraphQL, the VC-API and the
 * records gate. Checks, in order: well-formed, signature (issuer's current DID document), validity dates,
 * status, issuer trust, holder binding, challenge and domain, policy. Every credential inside a presentation
 * is verified in full. Anything that cannot be completed fails its check: the answer is never "verified"
 * by default.
 */
import type { Resolvable } from 'did-resolver'
import { computeAddress } from 'ethers'
import type { Db } from '../../db.js'
import { classifyInfrastructureError, type VerificationCodeName } from '../../errors.js'
import { batchLoader } from '../batch-loader.js'
import { checkChallenge, type ChallengeReader } from './challenges.js'
import { checkIssuerTrust } from './issuer-trust.js'
import { parseJwt, type ParsedJwt } from './parse-jwt.js'
import { evaluatePolicy, type PresentationDefinition } from './presentation-policy.js'
import { CheckFailure, fail, pass, type CheckName, type CredentialResult, type VerificationCheck, type VerificationReport } from './report.js'
import type { StatusEntry, StatusListClient } from './status-list-client.js'
import { resolveDocument, verifySigner } from './verify-signer.js'

/**
 * Clock skew allowed on "not before" only: 60 s covers honest clock drift between an issuer or wallet and us
 * (NTP-synced servers drift well under a second; phones by seconds) without the library default of 300 s.
 * Expiry gets no leeway: tolerance there would only ever accept what has expired.
 */
export const CLOCK_SKEW_SECONDS = 60
export const MAX_CREDENTIAL_JWT = 64 * 1024
export const MAX_PRESENTATION_JWT = 512 * 1024
export const MAX_CREDENTIALS_PER_PRESENTATION = 10

/** Credential types that must carry a status entry (they can be suspended or revoked). */
const REVOCABLE = ['ClinicianLicenseCredential', 'StaffPrivilegeCredential', 'AccreditationCredential', 'PatientIdentityCredential']
const DID = /^did:ethr:(?:[a-zA-Z0-9_-]+:)?0x(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{66})$/

export interface VerifierDeps {
  db: Db
  resolver: Resolvable
  statusLists: StatusListClient
}

export interface CredentialOptions {
  now?: Date
}

export interface PresentationOptions {
  now?: Date
  challenge?: string
  domain?: string
  policy?: PresentationDefinition
}

/** A presentation report plus what finalising it needs (the challenge to consume). */
export interface PresentationOutcome {
  report: VerificationReport
  /** Set when the presentation's signature verified and its challenge is ours and unused: consume it. */
  challengeToConsume: string | undefined
  /** The organisation that asked for this presentation (its challenge's), when known: the decision is theirs. */
  verifierOrgId?: string | undefined
}

/**
 * A resolver for one verification: every DID it resolves is checked against the chain head as of the moment
 * the verification began (one head query shared by all of them, see RegistryChangeWatcher.sync).
 */
function resolverFor(base: Resolvable, startedAt: number): Resolvable {
  return { resolve: (didUrl, options) => base.resolve(didUrl, { ...options, freshAsOf: startedAt }) }
}

export class Verifier {
  /**
   * Signatures of trust-chain credentials (accreditations) already checked, by JWT: reused only while the
   * signer's current DID document still authorises the same key. Presented credentials are always checked.
   */
  readonly #trustChainSignatures = new Map<string, string>()

  /** Challenges asked for by concurrent verifications within one tick are read with one query (never cached). */
  readonly #challenges: ChallengeReader

  constructor(private readonly deps: VerifierDeps) {
    const load = batchLoader(
      async (ids: string[]) => new Map((await deps.db.presentationChallenge.findMany({ where: { id: { in: ids } } })).map((row) => [row.id, row])),
      () => new CheckFailure('CHALLENGE_MISMATCH', 'this challenge was not issued by this server'),
    )
    this.#challenges = load
  }

  async verifyCredential(input: unknown, options: CredentialOptions = {}): Promise<VerificationReport> {
    const resolver = resolverFor(this.deps.resolver, performance.now())
    const result = await this.#credential(input, options.now ?? new Date(), undefined, resolver)
    return { verified: result.verified, checks: result.checks, credentials: [result] }
  }

  async verifyPresentation(input: unknown, options: PresentationOptions = {}): Promise<PresentationOutcome> {
    const now = options.now ?? new Date()
    const resolver = resolverFor(this.deps.resolver, performance.now())
    const checks: VerificationCheck[] = []
    let verifierOrgId: string | undefined
    const done = (credentials: CredentialResult[], holder?: string, challengeToConsume?: string): PresentationOutcome => ({
      report: { verified: checks.every((c) => c.passed) && credentials.length > 0 && credentials.every((c) => c.verified), checks, credentials, ...(holder ? { holder } : {}) },
      challengeToConsume,
      ...(verifierOrgId ? { verifierOrgId } : {}),
    })

    // well-formed
    let parsed: ParsedJwt
    let vp: { holder: string; credentials: unknown[]; nonce: unknown; aud: unknown; nbf?: number; exp?: number }
    try {
      parsed = parseJwt(extractJwt(input, 'presentation'), MAX_PRESENTATION_JWT)
      vp = readPresentationPayload(parsed.payload)
      checks.push(pass('well-formed', `presentation by ${vp.holder} with ${vp.credentials.length} credential(s)`))
    } catch (error) {
      checks.push(failure('well-formed', error))
      return done([])
    }
    // signature (authentication key of the holder, now)
    try {
      const signer = await verifySigner(resolver, parsed, vp.holder, 'authentication')
      checks.push(pass('signature', `signed by ${signer.keyId}`))
    } catch (error) {
      checks.push(failure('signature', error))
      return done([], vp.holder)
    }
    // validity dates of the presentation itself
    try {
      checkDates(vp.nbf, vp.exp, now)
      checks.push(pass('validity-dates'))
    } catch (error) {
      checks.push(failure('validity-dates', error))
    }
    // every credential, in full
    // Every credential, in full, concurrently (their status reads share one database query).
    const credentials = await Promise.all(vp.credentials.map((item) => this.#credential(item, now, vp.holder, resolver)))
    for (const c of credentials) checks.push(...c.checks)

    // challenge and domain
    let challengeToConsume: string | undefined
    try {
      if (!options.challenge) throw new CheckFailure('CHALLENGE_MISMATCH', 'a challenge issued by this server is required')
      if (vp.nonce !== options.challenge) throw new CheckFailure('CHALLENGE_MISMATCH', 'the presentation was made for another challenge')
      const audiences = Array.isArray(vp.aud) ? vp.aud : [vp.aud]
      if (!options.domain || !audiences.some((a) => typeof a === 'string' && a.toLowerCase() === options.domain!.toLowerCase())) {
        throw new CheckFailure('DOMAIN_MISMATCH', `the presentation is addressed to ${audiences.filter((a) => typeof a === 'string').join(', ').slice(0, 200) || 'no one'}, not ${options.domain ?? '(none)'}`)
      }
      verifierOrgId = (await checkChallenge(this.#challenges, { challenge: options.challenge, domain: options.domain, now })).orgId ?? undefined
      challengeToConsume = options.challenge
      checks.push(pass('challenge', 'fresh challenge issued by this server, for this domain'))
    } catch (error) {
      checks.push(failure('challenge', error))
    }

    // policy
    if (options.policy) {
      const verified = credentials.filter((c) => c.verified)
      const outcome = evaluatePolicy(options.policy, verified.map(toPolicyCredential), now)
      checks.push(outcome.satisfied ? pass('policy', `satisfies ${options.policy.name ?? options.policy.id}`) : fail('policy', 'POLICY_UNSATISFIED', `missing: ${outcome.unmet.join(', ')}`))
    }
    return done(credentials, vp.holder, challengeToConsume)
  }

  async #credential(input: unknown, now: Date, holder: string | undefined, resolver: Resolvable, trustChain = false): Promise<CredentialResult> {
    const result: CredentialResult = { id: undefined, types: [], issuer: undefined, subject: undefined, claims: {}, issuanceDate: undefined, expirationDate: undefined, verified: false, checks: [] }
    const step = async (check: CheckName, run: () => Promise<string | undefined> | string | undefined) => {
      try {
        const message = await run()
        result.checks.push(pass(check, message, result.id))
        return true
      } catch (error) {
        result.checks.push(failure(check, error, result.id))
        return false
      }
    }
    let parsed: ParsedJwt | undefined
    let payload: ReturnType<typeof readCredentialPayload> | undefined
    const ok =
      (await step('well-formed', () => {
        parsed = parseJwt(extractJwt(input, 'credential'), MAX_CREDENTIAL_JWT)
        payload = readCredentialPayload(parsed.payload)
        Object.assign(result, {
          id: payload.id,
          types: payload.types,
          issuer: payload.issuer,
          subject: payload.subject,
          claims: payload.claims,
          issuanceDate: new Date(payload.nbf * 1000).toISOString(),
          expirationDate: payload.exp ? new Date(payload.exp * 1000).toISOString() : undefined,
        })
        return `${payload.types.filter((t) => t !== 'VerifiableCredential').join(', ')} from ${payload.issuer}`
      })) &&
      (await step('signature', async () => {
        const jwt = `${parsed!.signingInput}.${parsed!.signature.toString('base64url')}`
        const cachedKey = trustChain ? this.#trustChainSignatures.get(jwt) : undefined
        if (cachedKey) {
          const doc = await resolveDocument(resolver, payload!.issuer)
          if ((doc.assertionMethod ?? []).some((ref) => (typeof ref === 'string' ? ref : ref.id) === cachedKey)) return `signed by ${cachedKey}`
          this.#trustChainSignatures.delete(jwt)
        }
        const signer = await verifySigner(resolver, parsed!, payload!.issuer, 'assertionMethod', { rotationCheckAt: new Date(payload!.nbf * 1000) })
        // A key rotated out as compromised proves nothing, whatever issuance date it signed (it may be a thief's).
        if (signer.rotatedKeyAddress && (await compromisedKeyAddresses(this.deps.db, payload!.issuer)).has(signer.rotatedKeyAddress)) {
          throw new CheckFailure('KEY_NOT_AUTHORIZED', `signed with a key ${payload!.issuer} reported compromised`)
        }
        if (trustChain && !signer.rotatedAt) {
          if (this.#trustChainSignatures.size > 10_000) this.#trustChainSignatures.clear()
          this.#trustChainSignatures.set(jwt, signer.keyId)
        }
        return signer.rotatedAt ? `signed by ${signer.keyId}, the issuer's key when it was issued (rotated since)` : `signed by ${signer.keyId}`
      })) &&
      (await step('validity-dates', () => {
        checkDates(payload!.nbf, payload!.exp, now)
        return payload!.exp ? `valid until ${new Date(payload!.exp * 1000).toISOString()}` : 'no expiry'
      })) &&
      (await step('status', () => this.#status(payload!, resolver))) &&
      (await step('issuer-trust', () =>
        checkIssuerTrust(this.deps.db, { types: payload!.types, issuer: payload!.issuer, claims: payload!.claims }, now, (jwt, at) => this.#credential(jwt, at, undefined, resolver, true)),
      )) &&
      (holder === undefined ||
        (await step('holder-binding', () => {
          if (payload!.subject !== holder) throw new CheckFailure('HOLDER_MISMATCH', `the credential's subject (${payload!.subject ?? 'none'}) is not the presenter (${holder})`)
          return 'the presenter is the credential subject'
        })))
    result.verified = ok && result.checks.every((c) => c.passed)
    return result
  }

  async #status(payload: ReturnType<typeof readCredentialPayload>, resolver: Resolvable): Promise<string> {
    const entries = payload.status
    if (entries.length === 0) {
      if (payload.types.some((t) => REVOCABLE.includes(t))) throw new CheckFailure('STATUS_UNAVAILABLE', 'the credential carries no credentialStatus, so its revocation cannot be checked')
      return 'not revocable'
    }
    for (const entry of entries) {
      if (entry.type !== 'BitstringStatusListEntry' || !['revocation', 'suspension'].includes(entry.statusPurpose)) {
        throw new CheckFailure('STATUS_UNAVAILABLE', `unsupported status entry ${String(entry.type).slice(0, 50)}/${String(entry.statusPurpose).slice(0, 30)}`)
      }
    }
    // All entries at once: our own lists come back in one database read.
    const bits = await Promise.allSettled(entries.map((entry) => this.deps.statusLists.readBit(entry, payload.issuer, resolver)))
    const seen: string[] = []
    for (const purpose of ['revocation', 'suspension']) {
      entries.forEach((entry, i) => {
        if (entry.statusPurpose !== purpose) return
        const bit = bits[i]!
        if (bit.status === 'rejected') throw bit.reason
        if (bit.value) throw new CheckFailure(purpose === 'revocation' ? 'REVOKED' : 'SUSPENDED', `the issuer has ${purpose === 'revocation' ? 'revoked' : 'suspended'} this credential`)
        seen.push(purpose)
      })
    }
    return `not ${seen.map((p) => (p === 'revocation' ? 'revoked' : 'suspended')).join(' or ')}`
  }
}

/**
 * Addresses of the keys an issuer rotated out because they were compromised (KeyRotation rows, shared by every
 * instance). Read only for signatures that verified against a past DID document, which is rare: no cache.
 */
async function compromisedKeyAddresses(db: Db, did: string): Promise<Set<string>> {
  const rotations = await db.keyRotation.findMany({ where: { did, reason: 'COMPROMISED' }, select: { oldKeyId: true } })
  // Key ids are the keys' public key hex (Veramo's local KMS).
  return new Set(rotations.map((r) => computeAddress(`0x${r.oldKeyId.replace(/^0x/, '')}`).toLowerCase()))
}

function failure(check: CheckName, error: unknown, credentialId?: string): VerificationCheck {
  if (error instanceof CheckFailure) return fail(check, error.code, error.message, credentialId)
  // Our own database down (challenge, trust registry): the whole request fails UNAVAILABLE rather than
  // blaming the input. (A status list that cannot be read is the contract's STATUS_UNAVAILABLE.)
  if (check !== 'status' && classifyInfrastructureError(error)) throw error
  // Anything unexpected fails closed, with a code that says so.
  const code: VerificationCodeName = check === 'status' ? 'STATUS_UNAVAILABLE' : check === 'signature' ? 'DID_UNRESOLVABLE' : 'MALFORMED'
  return fail(check, code, `could not complete: ${(error as Error)?.message?.slice(0, 200) ?? 'unknown error'}`, credentialId)
}

function checkDates(nbf: number | undefined, exp: number | undefined, now: Date): void {
  const t = now.getTime() / 1000
  if (nbf !== undefined && nbf > t + CLOCK_SKEW_SECONDS) throw new CheckFailure('NOT_YET_VALID', `not valid before ${new Date(nbf * 1000).toISOString()}`)
  if (exp !== undefined && exp <= t) throw new CheckFailure('EXPIRED', `expired at ${new Date(exp * 1000).toISOString()}`)
}

/** The compact JWT of a credential or presentation given as a string or as a W3C object with a JWT proof. */
function extractJwt(input: unknown, what: string): string {
  if (typeof input === 'string') return input.trim()
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const proof = (input as { proof?: unknown }).proof
    const p = Array.isArray(proof) ? proof[0] : proof
    if (p && typeof p === 'object' && typeof (p as { jwt?: unknown }).jwt === 'string') return (p as { jwt: string }).jwt
    if (p && typeof p === 'object') throw new CheckFailure('UNSUPPORTED_ALGORITHM', `only JWT proofs are accepted for a ${what}`)
  }
  throw new CheckFailure('MALFORMED', `the ${what} must be a compact JWT or an object with proof.jwt`)
}

function readCredentialPayload(p: Record<string, unknown>) {
  const vc = p.vc as Record<string, unknown> | undefined
  if (!vc || typeof vc !== 'object' || Array.isArray(vc)) throw new CheckFailure('MALFORMED', 'the JWT carries no vc claim')
  if (typeof p.iss !== 'string' || !DID.test(p.iss)) throw new CheckFailure('MALFORMED', 'iss must be a did:ethr DID')
  const types = vc.type
  if (!Array.isArray(types) || !types.every((t) => typeof t === 'string') || !types.includes('VerifiableCredential') || types.length > 10) {
    throw new CheckFailure('MALFORMED', 'vc.type must be an array of strings including VerifiableCredential')
  }
  const subject = vc.credentialSubject
  if (!subject || typeof subject !== 'object' || Array.isArray(subject)) throw new CheckFailure('MALFORMED', 'vc.credentialSubject must be one object')
  const { id: subjectId, ...claims } = subject as Record<string, unknown>
  if (p.sub !== undefined && typeof p.sub !== 'string') throw new CheckFailure('MALFORMED', 'sub must be a string')
  if (subjectId !== undefined && p.sub !== undefined && subjectId !== p.sub) throw new CheckFailure('MALFORMED', 'sub and credentialSubject.id differ')
  const subjectDid = (p.sub ?? subjectId) as string | undefined
  if (subjectDid !== undefined && (typeof subjectDid !== 'string' || !DID.test(subjectDid))) throw new CheckFailure('MALFORMED', 'the subject must be a did:ethr DID')
  if (typeof p.nbf !== 'number' || !Number.isFinite(p.nbf)) throw new CheckFailure('MALFORMED', 'nbf (issuance date) is required')
  if (p.exp !== undefined && (typeof p.exp !== 'number' || !Number.isFinite(p.exp))) throw new CheckFailure('MALFORMED', 'exp must be a number')
  if (p.jti !== undefined && typeof p.jti !== 'string') throw new CheckFailure('MALFORMED', 'jti must be a string')
  const rawStatus = vc.credentialStatus
  const status = rawStatus === undefined ? [] : Array.isArray(rawStatus) ? rawStatus : [rawStatus]
  if (status.length > 4 || !status.every((s) => s && typeof s === 'object')) throw new CheckFailure('MALFORMED', 'credentialStatus must be one or a few objects')
  return {
    id: p.jti as string | undefined,
    types: types as string[],
    issuer: p.iss,
    subject: subjectDid,
    claims,
    nbf: p.nbf,
    exp: p.exp as number | undefined,
    status: status as StatusEntry[],
  }
}

function readPresentationPayload(p: Record<string, unknown>) {
  const vp = p.vp as Record<string, unknown> | undefined
  if (!vp || typeof vp !== 'object' || Array.isArray(vp)) throw new CheckFailure('MALFORMED', 'the JWT carries no vp claim')
  if (typeof p.iss !== 'string' || !DID.test(p.iss)) throw new CheckFailure('MALFORMED', 'iss (the holder) must be a did:ethr DID')
  const types = vp.type
  if (!Array.isArray(types) || !types.includes('VerifiablePresentation')) throw new CheckFailure('MALFORMED', 'vp.type must include VerifiablePresentation')
  const creds = vp.verifiableCredential
  const list = creds === undefined ? [] : Array.isArray(creds) ? creds : [creds]
  if (list.length === 0) throw new CheckFailure('MALFORMED', 'the presentation holds no credential')
  if (list.length > MAX_CREDENTIALS_PER_PRESENTATION) throw new CheckFailure('MALFORMED', `at most ${MAX_CREDENTIALS_PER_PRESENTATION} credentials per presentation`)
  if (p.nbf !== undefined && typeof p.nbf !== 'number') throw new CheckFailure('MALFORMED', 'nbf must be a number')
  if (p.exp !== undefined && typeof p.exp !== 'number') throw new CheckFailure('MALFORMED', 'exp must be a number')
  return { holder: p.iss, credentials: list, nonce: p.nonce, aud: p.aud, nbf: p.nbf as number | undefined, exp: p.exp as number | undefined }
}

function toPolicyCredential(c: CredentialResult) {
  return {
    id: c.id,
    type: c.types,
    issuer: c.issuer,
    issuanceDate: c.issuanceDate,
    expirationDate: c.expirationDate,
    credentialSubject: { ...(c.subject ? { id: c.subject } : {}), ...c.claims },
  }
}
