/**
 * Presentation challenges: 256-bit random values issued by this server for one domain (and, optionally, one
 * verifier organisation and policy), valid for CHALLENGE_TTL_MS, usable once across every server instance:
 * consumption is a conditional update that exactly one request can win.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import type { DbTx } from '../../db.js'
import { validationError } from '../../errors.js'
import { CheckFailure } from './report.js'

export const CHALLENGE_TTL_MS = 5 * 60_000

export const ChallengeRequest = z.object({
  domain: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, 'must be a host name, e.g. hospital.example.org'),
  orgId: z.string().optional(),
  purpose: z.string().max(100).optional(),
})

export async function issueChallenge(db: DbTx, request: z.input<typeof ChallengeRequest>, now = new Date()) {
  const parsed = ChallengeRequest.safeParse(request)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const id = crypto.randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS)
  await db.presentationChallenge.create({
    data: { id, domain: parsed.data.domain.toLowerCase(), orgId: parsed.data.orgId ?? null, purpose: parsed.data.purpose ?? null, createdAt: now, expiresAt },
  })
  return { challenge: id, domain: parsed.data.domain.toLowerCase(), expiresAt }
}

type ChallengeRow = NonNullable<Awaited<ReturnType<DbTx['presentationChallenge']['findUnique']>>>

/** Reads challenges by id (a batch loader can share one query among concurrent verifications). */
export type ChallengeReader = (challenge: string) => Promise<ChallengeRow | null>

export function readChallenge(db: DbTx): ChallengeReader {
  return (challenge) => db.presentationChallenge.findUnique({ where: { id: challenge } })
}

/** Looks a challenge up (without consuming it): the code it would fail with, or the row. */
export async function checkChallenge(db: DbTx | ChallengeReader, args: { challenge: string; domain: string; now: Date }) {
  if (args.challenge.length > 100) throw new CheckFailure('CHALLENGE_MISMATCH', 'unknown challenge')
  const row = await (typeof db === 'function' ? db : readChallenge(db))(args.challenge)
  if (!row) throw new CheckFailure('CHALLENGE_MISMATCH', 'this challenge was not issued by this server')
  if (row.domain !== args.domain.toLowerCase()) throw new CheckFailure('DOMAIN_MISMATCH', `the challenge was issued for ${row.domain}`)
  if (row.consumedAt) throw new CheckFailure('CHALLENGE_REPLAYED', 'this challenge was already used')
  if (row.expiresAt <= args.now) throw new CheckFailure('CHALLENGE_EXPIRED', 'the challenge has expired')
  return row
}

/** Marks the challenge used; throws CHALLENGE_REPLAYED if another request used it first. */
export async function consumeChallenge(db: DbTx, args: { challenge: string; now: Date }): Promise<void> {
  const { count } = await db.presentationChallenge.updateMany({
    where: { id: args.challenge, consumedAt: null, expiresAt: { gt: args.now } },
    data: { consumedAt: args.now },
  })
  if (count !== 1) throw new CheckFailure('CHALLENGE_REPLAYED', 'this challenge was already used')
}
