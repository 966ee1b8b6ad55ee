/**
 * Fixed-window rate limits per client address and route class (in memory, per instance: with N replicas the
 * effective limit is N times higher; account lock-out for logins is in the database and shared). Bounded
 * memory: windows are swept as they expire.
 */
import type { NextFunction, Request, Response } from 'express'
import { AppError } from '../errors.js'
import { sendError } from './errors.js'

export interface RateLimitRule {
  limit: number
  windowMs: number
}

export const RATE_LIMITS = {
  // Per address: generous enough for a hospital behind one NAT; per-account lock-out is the real guard.
  login: { limit: 60, windowMs: 60_000 },
  challenge: { limit: 120, windowMs: 60_000 },
  verify: { limit: 600, windowMs: 60_000 },
  issue: { limit: 1200, windowMs: 60_000 },
} satisfies Record<string, RateLimitRule>
export type RateLimitClass = keyof typeof RATE_LIMITS

export class RateLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>()
  #lastSweep = 0

  constructor(private readonly rules: Record<RateLimitClass, RateLimitRule> = RATE_LIMITS) {}

  /** Counts one hit; throws RATE_LIMITED (with retryAfter seconds) past the limit. */
  hit(kind: RateLimitClass, client: string, now = Date.now()): void {
    const rule = this.rules[kind]
    this.#sweep(now)
    const key = `${kind}|${client}`
    let w = this.#windows.get(key)
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + rule.windowMs }
      this.#windows.set(key, w)
    }
    w.count++
    if (w.count > rule.limit) {
      throw new AppError('RATE_LIMITED', 'Too many requests; slow down', { retryAfter: Math.ceil((w.resetAt - now) / 1000) })
    }
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < 10_000 && this.#windows.size < 100_000) return
    this.#lastSweep = now
    for (const [key, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(key)
  }
}

export function rateLimit(limiter: RateLimiter, kind: RateLimitClass) {
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      limiter.hit(kind, req.ip ?? 'unknown')
      next()
    } catch (error) {
      if (error instanceof AppError && typeof error.details?.retryAfter === 'number') res.setHeader('Retry-After', String(error.details.retryAfter))
      sendError(res, error)
    }
  }
}
