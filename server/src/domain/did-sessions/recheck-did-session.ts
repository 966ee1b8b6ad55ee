/**
 * The re-check every clinician or patient request goes through before it touches records or personal data:
 * the session must exist, be neither ended nor expired, and every credential it was opened with must still
 * verify in full *now* (signature against the issuer's current DID document, validity dates, status, issuer
 * trust). A licence suspended or revoked, or staff privileges revoked or expired, cut the session on the very
 * next request: the session is ended, `clinician.session_cut` is audited and the request is denied with the
 * verification code (REVOKED, SUSPENDED, EXPIRED...), all in one transaction.
 *
 * The hospital is alerted once per lost credential (`clinician.session_flagged`, which the
 * `license.revoked_with_active_session` rule watches): at the status change itself when the credential is one
 * of ours (`flagSessionsOfCredential`, called in the status change's transaction), otherwise at the cut.
 *
 * Re-check window: status lists of issuers on this server are read from the database on every check, so a
 * revocation or suspension made here is seen by the next request, with no delay. Status lists published by
 * other servers are cached for at most STATUS_CACHE_TTL_MS (5 seconds, status-list-client.ts): that is the
 * longest a remote revocation can go unnoticed. Failures that may be transient (STATUS_UNAVAILABLE,
 * DID_UNRESOLVABLE) deny the request (fail closed) without ending the session.
 *
 * Every refusal of a presented token (unknown, expired, ended, of the wrong kind, cut) is audited. A request
 * with no token at all is refused UNAUTHENTICATED without an audit entry, like staff fields without a cookie:
 * nothing was presented, so no decision about anyone's records was taken.
 */
import type { Db, DbTx } from '../../db.js'
import { AppError, ERROR_TABLE, type ErrorCode } from '../../errors.js'
import { SESSION_FLAGGED_ACTION } from '../audit/alert-rules.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import { STATUS_CACHE_TTL_MS } from '../verification/status-list-client.js'
import type { Verifier } from '../verification/verifier.js'
import { endDidSession, findDidSession } from './did-session-store.js'
import type { SessionCredential } from './session-types.js'

/** The documented maximum delay before a remote issuer's revocation cuts a session (ours: none). */
export const SESSION_RECHECK_MAX_DELAY_MS = STATUS_CACHE_TTL_MS

const TRANSIENT: ReadonlySet<string> = new Set(['STATUS_UNAVAILABLE', 'DID_UNRESOLVABLE'])

export interface RecheckDeps {
  db: Db
  verifier: Verifier
}

export type DidSessionKind = 'CLINICIAN' | 'PATIENT'

const ACTIONS: Record<DidSessionKind, { denied: string; cut: string }> = {
  CLINICIAN: { denied: 'records.access', cut: 'clinician.session_cut' },
  PATIENT: { denied: 'patient.access', cut: 'patient.session_cut' },
}

export async function recheckDidSession(deps: RecheckDeps, args: { kind: DidSessionKind; token: string | undefined; field: string; ip: string; now?: Date }) {
  const now = args.now ?? new Date()
  if (!args.token) throw new AppError('UNAUTHENTICATED', `Sign in with your wallet first (Authorization: Bearer <session token>)`)
  const row = await findDidSession(deps.db, args.token)
  const actions = ACTIONS[args.kind]
  const deny = async (code: ErrorCode, message: string): Promise<never> => {
    await deps.db.$transaction((tx) =>
      appendAuditEntry(tx, {
        actorType: row ? 'DID' : 'ANONYMOUS',
        actor: row ? row.did : `ip:${args.ip}`,
        orgId: row?.orgId ?? null,
        action: actions.denied,
        subjectType: 'SESSION',
        subject: row?.id ?? null,
        decision: 'DENIED',
        reasonCode: code,
        details: { field: args.field },
        at: now,
      }),
    )
    throw new AppError(code, message)
  }
  if (!row || row.kind !== args.kind) return deny('UNAUTHENTICATED', 'Unknown session; sign in again')
  if (row.endedAt) {
    const code = row.endReason && row.endReason !== 'SIGNED_OUT' && isErrorCode(row.endReason) ? row.endReason : 'UNAUTHENTICATED'
    return deny(code, `This session has ended (${row.endReason ?? 'ended'}); sign in again`)
  }
  if (row.expiresAt <= now) return deny('UNAUTHENTICATED', 'This session has expired; sign in again')
  const hospital = await deps.db.organization.findFirst({ where: { id: row.orgId, kind: 'HOSPITAL' }, select: { did: true } })
  if (!hospital) return deny('UNAUTHENTICATED', 'Unknown session; sign in again')

  for (const credential of JSON.parse(row.credentials) as SessionCredential[]) {
    const jwt = credential.jwt ?? (await deps.db.issuedCredential.findFirst({ where: { id: credential.id, orgId: row.orgId, subjectDid: row.did }, select: { jwt: true } }))?.jwt
    const report = jwt ? await deps.verifier.verifyCredential(jwt, { now }) : undefined
    if (report?.verified) continue
    const failed = report?.checks.find((c) => !c.passed)
    const code: ErrorCode = failed?.code ?? 'REVOKED'
    const message = `Your ${credential.type} ${failed ? `failed its re-check: ${failed.message ?? failed.code}` : 'is no longer in the hospital register'}`
    if (TRANSIENT.has(code)) return deny(code, message)
    await deps.db.$transaction(async (tx) => {
      const ended = await endDidSession(tx, { sessionId: row.id, reason: code, now })
      if (ended) {
        await appendAuditEntry(tx, {
          actorType: 'SYSTEM',
          actor: 'session-recheck',
          orgId: row.orgId,
          action: actions.cut,
          subjectType: args.kind === 'CLINICIAN' ? 'CLINICIAN' : 'PATIENT',
          subject: row.did,
          decision: 'DONE',
          reasonCode: code,
          details: { sessionId: row.id, credentialId: credential.id, credentialType: credential.type, failedCheck: failed?.check ?? 'register' },
          at: now,
        })
        if (args.kind === 'CLINICIAN' && !(await isSessionFlagged(tx, { session: row, credentialId: credential.id, code }))) {
          await appendSessionFlag(tx, { orgId: row.orgId, did: row.did, credentialId: credential.id, credentialType: credential.type, code, sessionIds: [row.id], actor: 'session-recheck', now })
        }
      }
      await appendAuditEntry(tx, {
        actorType: 'DID',
        actor: row.did,
        orgId: row.orgId,
        action: actions.denied,
        subjectType: 'SESSION',
        subject: row.id,
        decision: 'DENIED',
        reasonCode: code,
        details: { field: args.field, credentialId: credential.id },
        at: now,
      })
    })
    throw new AppError(code, `${message}. Your session has ended.`)
  }
  return { session: row, hospitalDid: hospital.did }
}

/**
 * In a credential's status change transaction: for each hospital where the credential's subject has an open
 * clinician session bound to that credential, one `clinician.session_flagged` entry (and so one alert for that
 * hospital), before any further request. The sessions themselves are cut by their next request, as always.
 */
export async function flagSessionsOfCredential(tx: DbTx, args: { credential: { id: string; type: string; subjectDid: string }; code: 'REVOKED' | 'SUSPENDED'; now: Date }) {
  const open = await tx.didSession.findMany({
    where: { did: args.credential.subjectDid, kind: 'CLINICIAN', endedAt: null, expiresAt: { gt: args.now } },
    select: { id: true, orgId: true, credentials: true },
  })
  const byHospital = new Map<string, string[]>()
  for (const session of open) {
    if (!(JSON.parse(session.credentials) as SessionCredential[]).some((c) => c.id === args.credential.id)) continue
    byHospital.set(session.orgId, [...(byHospital.get(session.orgId) ?? []), session.id])
  }
  for (const [orgId, sessionIds] of byHospital) {
    await appendSessionFlag(tx, { orgId, did: args.credential.subjectDid, credentialId: args.credential.id, credentialType: args.credential.type, code: args.code, sessionIds, actor: 'credential-status', now: args.now })
  }
}

function appendSessionFlag(tx: DbTx, args: { orgId: string; did: string; credentialId: string; credentialType: string; code: ErrorCode; sessionIds: string[]; actor: string; now: Date }) {
  return appendAuditEntry(tx, {
    actorType: 'SYSTEM',
    actor: args.actor,
    orgId: args.orgId,
    action: SESSION_FLAGGED_ACTION,
    subjectType: 'CLINICIAN',
    subject: args.did,
    decision: 'DONE',
    reasonCode: args.code,
    details: { credentialId: args.credentialId, credentialType: args.credentialType, sessions: args.sessionIds },
    at: args.now,
  })
}

/** Whether the hospital was already told (at the status change) that this session lost this credential for this reason. */
async function isSessionFlagged(tx: DbTx, args: { session: { id: string; did: string; orgId: string; createdAt: Date }; credentialId: string; code: ErrorCode }): Promise<boolean> {
  const flags = await tx.auditEntry.findMany({
    where: { action: SESSION_FLAGGED_ACTION, orgId: args.session.orgId, subject: args.session.did, reasonCode: args.code, at: { gte: args.session.createdAt } },
    select: { details: true },
  })
  return flags.some((f) => {
    const details = JSON.parse(f.details) as { credentialId?: unknown; sessions?: unknown }
    return details.credentialId === args.credentialId && Array.isArray(details.sessions) && details.sessions.includes(args.session.id)
  })
}

function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_TABLE, value)
}
