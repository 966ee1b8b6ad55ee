/**
 * Staff sign-in: scrypt-checked passwords, random session tokens stored only as SHA-256, CSRF tokens derived
 * from the session token (so they are never stored), lock-out with growing delay after repeated failures.
 * Every attempt, granted or denied, is audited in the same transaction as its effect.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../../db.js'
import { AppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password.js'
import { parseRoles, type StaffRole } from './roles.js'

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000
export const LOCKOUT_THRESHOLD = 5
const LOCKOUT_BASE_MS = 60_000
const LOCKOUT_MAX_MS = 60 * 60_000

export const LoginInput = z.object({
  email: z.string().trim().toLowerCase().email('must be an email address').max(254),
  password: z.string().min(1, 'is required').max(1024),
})

export interface StaffViewer {
  accountId: string
  email: string
  name: string
  roles: StaffRole[]
  orgId: string
  orgDid: string
  orgKind: string
  orgName: string
  orgJurisdiction: string | null
  sessionId: string
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

export function csrfTokenFor(sessionToken: string): string {
  return crypto.createHmac('sha256', sessionToken).update('credgate-csrf-v1').digest('base64url')
}

export function isCsrfTokenValid(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false
  const expected = Buffer.from(csrfTokenFor(sessionToken))
  const actual = Buffer.from(presented)
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual)
}

export interface LoginResult {
  token: string
  csrfToken: string
  expiresAt: Date
  viewer: StaffViewer
}

export async function loginStaff(db: Db, input: { email: string; password: string; ip: string }, now: Date = new Date()): Promise<LoginResult> {
  const parsed = LoginInput.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const { email, password } = parsed.data
  const account = await db.staffAccount.findUnique({ where: { email }, include: { org: true } })

  if (account?.lockedUntil && account.lockedUntil > now) {
    await db.$transaction((tx) =>
      appendAuditEntry(tx, {
        actorType: 'STAFF',
        actor: account.id,
        orgId: account.orgId,
        action: 'staff.login',
        subjectType: 'ACCOUNT',
        subject: account.id,
        decision: 'DENIED',
        reasonCode: 'ACCOUNT_LOCKED',
        details: { ip: input.ip },
        at: now,
      }),
    )
    throw new AppError('ACCOUNT_LOCKED', 'Too many failed sign-ins; try again later', { retryAfter: account.lockedUntil.toISOString() })
  }

  const passwordOk = await verifyPassword(password, account?.passwordHash ?? DUMMY_PASSWORD_HASH)
  if (!account || !passwordOk || account.disabledAt) {
    await db.$transaction(async (tx) => {
      let lockedUntil: Date | null = null
      if (account) {
        const failures = account.failedLogins + 1
        if (failures >= LOCKOUT_THRESHOLD) {
          lockedUntil = new Date(now.getTime() + Math.min(LOCKOUT_MAX_MS, LOCKOUT_BASE_MS * 2 ** (failures - LOCKOUT_THRESHOLD)))
        }
        await tx.staffAccount.update({ where: { id: account.id }, data: { failedLogins: failures, lockedUntil } })
      }
      await appendAuditEntry(tx, {
        actorType: account ? 'STAFF' : 'ANONYMOUS',
        actor: account ? account.id : `ip:${input.ip}`,
        orgId: account?.orgId ?? null,
        action: 'staff.login',
        subjectType: 'ACCOUNT',
        subject: account?.id ?? null,
        decision: 'DENIED',
        reasonCode: 'INVALID_LOGIN',
        details: { ip: input.ip, ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}) },
        at: now,
      })
    })
    throw new AppError('INVALID_LOGIN', 'Email or password is incorrect')
  }

  const token = crypto.randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
  const session = await db.$transaction(async (tx) => {
    await tx.staffAccount.update({ where: { id: account.id }, data: { failedLogins: 0, lockedUntil: null } })
    const created = await tx.staffSession.create({ data: { tokenHash: hashToken(token), accountId: account.id, expiresAt, createdAt: now, lastSeenAt: now } })
    await appendAuditEntry(tx, {
      actorType: 'STAFF',
      actor: account.id,
      orgId: account.orgId,
      action: 'staff.login',
      subjectType: 'ACCOUNT',
      subject: account.id,
      decision: 'GRANTED',
      details: { ip: input.ip, sessionId: created.id },
      at: now,
    })
    return created
  })
  return {
    token,
    csrfToken: csrfTokenFor(token),
    expiresAt,
    viewer: toViewer(account, session.id),
  }
}

/** The signed-in staff member for a session token, or undefined if the session is unknown, revoked or expired. */
export async function findStaffSession(db: Db, token: string, now: Date = new Date()): Promise<StaffViewer | undefined> {
  if (!token || token.length > 200) return undefined
  const session = await db.staffSession.findUnique({ where: { tokenHash: hashToken(token) }, include: { account: { include: { org: true } } } })
  if (!session || session.revokedAt || session.expiresAt <= now || session.account.disabledAt) return undefined
  return toViewer(session.account, session.id)
}

export async function logoutStaff(db: Db, viewer: StaffViewer): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.staffSession.update({ where: { id: viewer.sessionId }, data: { revokedAt: new Date() } })
    await appendAuditEntry(tx, {
      actorType: 'STAFF',
      actor: viewer.accountId,
      orgId: viewer.orgId,
      action: 'staff.logout',
      subjectType: 'ACCOUNT',
      subject: viewer.accountId,
      decision: 'DONE',
      details: { sessionId: viewer.sessionId },
    })
  })
}

function toViewer(
  account: { id: string; email: string; name: string; roles: string; orgId: string; org: { did: string; kind: string; name: string; jurisdiction: string | null } },
  sessionId: string,
): StaffViewer {
  return {
    accountId: account.id,
    email: account.email,
    name: account.name,
    roles: parseRoles(account.roles),
    orgId: account.orgId,
    orgDid: account.org.did,
    orgKind: account.org.kind,
    orgName: account.org.name,
    orgJurisdiction: account.org.jurisdiction,
    sessionId,
  }
}
