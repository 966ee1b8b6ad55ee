/**
 * Clinician and patient sessions: random bearer tokens (`cgd_...`, sent as `Authorization: Bearer <token>`,
 * never a cookie, so no CSRF exposure), stored only as SHA-256, short-lived, ended on sign-out or when a
 * re-check finds a presented credential no longer valid.
 */
import crypto from 'node:crypto'
import type { DbTx } from '../../db.js'
import { hashToken } from '../accounts/staff-sessions.js'
import type { SessionCredential } from './session-types.js'

/** Clinician sessions are short: a fresh presentation every 15 minutes (credentials are re-checked anyway). */
export const CLINICIAN_SESSION_TTL_MS = 15 * 60_000
export const PATIENT_SESSION_TTL_MS = 30 * 60_000
const TOKEN = /^cgd_[A-Za-z0-9_-]{43}$/

export function newSessionToken(): string {
  return `cgd_${crypto.randomBytes(32).toString('base64url')}`
}

export function isSessionTokenShaped(token: string): boolean {
  return TOKEN.test(token)
}

export async function createDidSession(
  tx: DbTx,
  args: { kind: 'CLINICIAN' | 'PATIENT'; did: string; orgId: string; patientId?: string; name?: string; credentials: SessionCredential[]; categories?: string[]; now: Date },
) {
  const token = newSessionToken()
  const ttl = args.kind === 'CLINICIAN' ? CLINICIAN_SESSION_TTL_MS : PATIENT_SESSION_TTL_MS
  const session = await tx.didSession.create({
    data: {
      tokenHash: hashToken(token),
      kind: args.kind,
      did: args.did,
      orgId: args.orgId,
      patientId: args.patientId ?? null,
      name: args.name ?? null,
      credentials: JSON.stringify(args.credentials),
      categories: (args.categories ?? []).join(','),
      createdAt: args.now,
      expiresAt: new Date(args.now.getTime() + ttl),
    },
  })
  return { token, session }
}

export async function findDidSession(db: DbTx, token: string) {
  if (!isSessionTokenShaped(token)) return null
  return db.didSession.findUnique({ where: { tokenHash: hashToken(token) } })
}

/** Ends a session once (a concurrent end keeps the first reason); true when this call ended it. */
export async function endDidSession(tx: DbTx, args: { sessionId: string; reason: string; now: Date }): Promise<boolean> {
  const { count } = await tx.didSession.updateMany({ where: { id: args.sessionId, endedAt: null }, data: { endedAt: args.now, endReason: args.reason } })
  return count === 1
}
