/**
 * Reads a credential's status bits. The status list credential is fetched (our own lists straight from the
 * database, others over HTTP with a timeout, a size limit and ETag revalidation), verified (signed by the
 * credential's own issuer with a key its DID document still authorises, right type and purpose) and cached:
 * our lists never go stale (the database says when they change); others for STATUS_CACHE_TTL_MS. Anything
 * that cannot be fetched or verified is STATUS_UNAVAILABLE: the credential is not verified.
 */
import type { Resolvable } from 'did-resolver'
import { decodeStatusList, readStatusBit } from '../status/bitstring.js'
import { parseJwt } from './parse-jwt.js'
import { CheckFailure } from './report.js'
import { resolveDocument, verifySigner } from './verify-signer.js'

/** How long a remote status list is trusted before revalidation (documented maximum revocation delay). */
export const STATUS_CACHE_TTL_MS = 5_000
const FETCH_TIMEOUT_MS = 3_000
const MAX_LIST_BYTES = 2 * 1024 * 1024

export interface StatusEntry {
  type: string
  statusPurpose: string
  statusListIndex: string
  statusListCredential: string
}

interface CachedList {
  jwt: string
  etag: string | undefined
  fetchedAt: number
  /** Verified content, valid while the signing key stays authorised. */
  verified?: { issuer: string; keyId: string; purpose: string; bits: Uint8Array }
}

export interface LocalStatusSource {
  /** Base URL of our own status lists, e.g. http://localhost:4000/status/ */
  prefix: string
  get(listId: string): Promise<{ jwt: string; etag: string }>
}

export class StatusListClient {
  readonly #cache = new Map<string, CachedList>()

  constructor(
    private readonly resolver: Resolvable,
    private readonly local: LocalStatusSource | undefined,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** The status bit of `entry` for a credential issued by `issuer`. */
  async readBit(entry: StatusEntry, issuer: string, resolver: Resolvable = this.resolver, now: number = Date.now()): Promise<boolean> {
    const index = Number(entry.statusListIndex)
    if (!/^\d{1,9}$/.test(entry.statusListIndex) || !Number.isSafeInteger(index)) throw new CheckFailure('MALFORMED', 'statusListIndex must be a non-negative integer string')
    const list = await this.#load(entry.statusListCredential, now)
    const verified = await this.#verify(list, entry, issuer, resolver)
    try {
      return readStatusBit(verified.bits, index)
    } catch {
      throw new CheckFailure('STATUS_UNAVAILABLE', `status index ${index} lies outside the status list`)
    }
  }

  async #load(url: string, now: number): Promise<CachedList> {
    if (!/^https?:\/\/[^\s]+$/.test(url) || url.length > 500) throw new CheckFailure('STATUS_UNAVAILABLE', 'statusListCredential must be an http(s) URL')
    const cached = this.#cache.get(url)
    if (this.local && url.startsWith(this.local.prefix)) {
      const listId = url.slice(this.local.prefix.length)
      let fresh
      try {
        fresh = await this.local.get(listId)
      } catch (error) {
        throw new CheckFailure('STATUS_UNAVAILABLE', `status list ${listId.slice(0, 60)} unavailable: ${(error as Error).message}`)
      }
      if (cached && cached.etag === fresh.etag) return cached
      return this.#store(url, { jwt: fresh.jwt, etag: fresh.etag, fetchedAt: now })
    }
    if (cached && now - cached.fetchedAt < STATUS_CACHE_TTL_MS) return cached
    let res: Response
    try {
      res = await this.fetchImpl(url, {
        headers: { accept: 'application/vc+jwt, application/json', ...(cached?.etag ? { 'if-none-match': cached.etag } : {}) },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
        redirect: 'error',
      })
    } catch (error) {
      throw new CheckFailure('STATUS_UNAVAILABLE', `status list ${url.slice(0, 200)} could not be fetched: ${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message}`)
    }
    if (res.status === 304 && cached) return this.#store(url, { ...cached, fetchedAt: now })
    if (!res.ok) throw new CheckFailure('STATUS_UNAVAILABLE', `status list ${url.slice(0, 200)} answered HTTP ${res.status}`)
    const length = Number(res.headers.get('content-length') ?? 0)
    if (length > MAX_LIST_BYTES) throw new CheckFailure('STATUS_UNAVAILABLE', 'status list is too large')
    const text = await res.text()
    if (text.length > MAX_LIST_BYTES) throw new CheckFailure('STATUS_UNAVAILABLE', 'status list is too large')
    const jwt = text.trim().startsWith('{') ? extractJwt(text) : text.trim()
    return this.#store(url, { jwt, etag: res.headers.get('etag') ?? undefined, fetchedAt: now })
  }

  #store(url: string, entry: CachedList): CachedList {
    if (this.#cache.size > 10_000) this.#cache.clear()
    this.#cache.set(url, entry)
    return entry
  }

  async #verify(list: CachedList, entry: StatusEntry, issuer: string, resolver: Resolvable): Promise<NonNullable<CachedList['verified']>> {
    if (list.verified) {
      // Cheap re-check: the cached document (kept current by the chain watcher) still authorises that key.
      const doc = await resolveDocument(resolver, list.verified.issuer)
      const stillAuthorised = (doc.assertionMethod ?? []).some((ref) => (typeof ref === 'string' ? ref : ref.id) === list.verified!.keyId)
      if (stillAuthorised) return this.#checkFor(list.verified, entry, issuer)
      list.verified = undefined
    }
    let parsed
    try {
      parsed = parseJwt(list.jwt, MAX_LIST_BYTES)
    } catch (error) {
      throw new CheckFailure('STATUS_UNAVAILABLE', `status list is not a valid JWT: ${(error as Error).message}`)
    }
    const payload = parsed.payload as { iss?: unknown; exp?: unknown; vc?: { type?: unknown; credentialSubject?: { statusPurpose?: unknown; encodedList?: unknown } } }
    if (typeof payload.iss !== 'string') throw new CheckFailure('STATUS_UNAVAILABLE', 'status list has no issuer')
    if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) throw new CheckFailure('STATUS_UNAVAILABLE', 'status list credential has expired')
    const types = payload.vc?.type
    if (!Array.isArray(types) || !types.includes('BitstringStatusListCredential')) throw new CheckFailure('STATUS_UNAVAILABLE', 'not a BitstringStatusListCredential')
    let signer
    try {
      signer = await verifySigner(resolver, parsed, payload.iss, 'assertionMethod')
    } catch (error) {
      throw new CheckFailure('STATUS_UNAVAILABLE', `status list signature does not verify: ${(error as Error).message}`)
    }
    const subject = payload.vc?.credentialSubject
    if (typeof subject?.encodedList !== 'string' || typeof subject.statusPurpose !== 'string') throw new CheckFailure('STATUS_UNAVAILABLE', 'status list has no encodedList')
    let bits: Uint8Array
    try {
      bits = decodeStatusList(subject.encodedList)
    } catch (error) {
      throw new CheckFailure('STATUS_UNAVAILABLE', `status list cannot be decoded: ${(error as Error).message}`)
    }
    list.verified = { issuer: payload.iss, keyId: signer.keyId, purpose: subject.statusPurpose, bits }
    return this.#checkFor(list.verified, entry, issuer)
  }

  #checkFor(verified: NonNullable<CachedList['verified']>, entry: StatusEntry, issuer: string) {
    if (verified.issuer !== issuer) throw new CheckFailure('STATUS_UNAVAILABLE', 'the status list is not signed by the credential\'s issuer')
    if (verified.purpose !== entry.statusPurpose) throw new CheckFailure('STATUS_UNAVAILABLE', `the status list's purpose is ${verified.purpose}, not ${entry.statusPurpose}`)
    return verified
  }
}

function extractJwt(json: string): string {
  try {
    const body = JSON.parse(json) as { proof?: { jwt?: unknown } }
    if (typeof body.proof?.jwt === 'string') return body.proof.jwt
  } catch {
    // fall through
  }
  throw new CheckFailure('STATUS_UNAVAILABLE', 'status list response carries no JWT')
}
