/** A sign-in refused before any presentation was looked at (unknown challenge, wrong input): audited, then thrown. */
import type { Db } from '../../db.js'
import { AppError, type ErrorCode } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'

export async function refuseSignIn(db: Db, args: { action: string; code: ErrorCode; message: string; ip: string; now: Date }): Promise<never> {
  await db.$transaction((tx) =>
    appendAuditEntry(tx, { actorType: 'ANONYMOUS', actor: `ip:${args.ip}`, action: args.action, subjectType: 'HOLDER', decision: 'DENIED', reasonCode: args.code, at: args.now }),
  )
  throw new AppError(args.code, args.message)
}
