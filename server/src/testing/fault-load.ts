/**
 * A bounded load for fault tests: workers repeat their request until stopped, every answer is kept with when
 * its request started and ended, and a timeline of marks ("killed", "restarting") says which answers were
 * given entirely while a component was down.
 */
import { RateLimiter } from '../http/rate-limit.js'
import type { HolderWallet } from '../wallet/holder-wallet.js'

export interface Outcome {
  kind: string
  startedAt: number
  endedAt: number
  /** HTTP status, or 0 when the step threw: no answer (connection refused or reset), or one it could not read. */
  status: number
  body: unknown
}

/** One request of a worker: its kind and what it returned (status and parsed body). */
export type LoadStep = () => Promise<{ kind: string; status: number; body: unknown }>

export interface RunningLoad {
  readonly outcomes: Outcome[]
  /** Resolves when the load has answered `predicate` for an outcome that started after `since` (or `ms` pass). */
  waitFor(predicate: (o: Outcome) => boolean, since: number, ms: number): Promise<Outcome | undefined>
  /** Stops every worker after its current request and returns every outcome. */
  stop(): Promise<Outcome[]>
}

/** Starts one worker per step; each repeats its step (with a short pause) until stopped. */
export function startLoad(steps: LoadStep[], pauseMs = 10): RunningLoad {
  const outcomes: Outcome[] = []
  let stopped = false
  const workers = steps.map(async (step) => {
    while (!stopped) {
      const startedAt = Date.now()
      const answer = await step().catch((error: unknown) => ({ kind: 'request-failed', status: 0, body: String(error) }))
      outcomes.push({ ...answer, startedAt, endedAt: Date.now() })
      await new Promise((r) => setTimeout(r, pauseMs))
    }
  })
  return {
    outcomes,
    waitFor: async (predicate, since, ms) => {
      const deadline = Date.now() + ms
      for (;;) {
        const found = outcomes.find((o) => o.startedAt >= since && predicate(o))
        if (found || Date.now() > deadline) return found
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    stop: async () => {
      stopped = true
      await Promise.all(workers)
      return outcomes
    },
  }
}

/** Named instants of a fault test; `within(a, b)` holds for answers whose request started and ended between them. */
export class Timeline {
  readonly #marks = new Map<string, number>()

  mark(name: string): number {
    const at = Date.now()
    this.#marks.set(name, at)
    return at
  }

  at(name: string): number {
    const at = this.#marks.get(name)
    if (at === undefined) throw new Error(`no mark ${name}`)
    return at
  }

  within(from: string, to: string): (o: Outcome) => boolean {
    const a = this.at(from)
    const b = this.at(to)
    return (o) => o.startedAt >= a && o.endedAt <= b
  }
}

/** POSTs JSON and returns the status and parsed body (text when it is not JSON). */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  return fetchJson(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
}

/** GETs `url` and returns the status and parsed body (text when it is not JSON). */
export function getJson(url: string): Promise<{ status: number; body: unknown }> {
  return fetchJson(url, { method: 'GET' })
}

async function fetchJson(url: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) })
  const text = await res.text()
  try {
    return { status: res.status, body: JSON.parse(text) as unknown }
  } catch {
    return { status: res.status, body: text }
  }
}

/**
 * A verifier's round over HTTP: a fresh challenge, the holder's presentation of `credentials` for it, its
 * verification. Kind 'presentation', or 'challenge' when no challenge was issued.
 */
export function presentationStep(baseUrl: string, holder: Pick<HolderWallet, 'present'>, credentials: string[], domain: string): LoadStep {
  return async () => {
    const c = await postJson(`${baseUrl}/presentations/challenges`, { domain })
    if (c.status !== 201) return { kind: 'challenge', ...c }
    const { challenge } = c.body as { challenge: string }
    const vp = await holder.present(credentials, challenge, domain)
    return { kind: 'presentation', ...(await postJson(`${baseUrl}/presentations/verify`, { verifiablePresentation: vp, options: { challenge, domain } })) }
  }
}

/** A credential check over HTTP (kind 'credential'). */
export function credentialStep(baseUrl: string, jwt: string): LoadStep {
  return async () => ({ kind: 'credential', ...(await postJson(`${baseUrl}/credentials/verify`, { verifiableCredential: jwt })) })
}

/** Whether a verification answer says verified: true. */
export function isVerified(o: Outcome): boolean {
  return (o.body as { verified?: unknown } | undefined)?.verified === true
}

/** A load from one address would hit the per-address limits within seconds; fault tests measure faults, not limits. */
export function unlimitedRateLimiter(): RateLimiter {
  const unlimited = { limit: 1e9, windowMs: 60_000 }
  return new RateLimiter({ login: unlimited, challenge: unlimited, verify: unlimited, issue: unlimited })
}
