/**
 * Organisation API tokens for the VC-API: `cgt_<random>`, shown once, stored as SHA-256, scoped,
 * expiring and revocable. Creation and revocation are audited.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../../db.js'
import { validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import { notFound, orgScope } from '../tenant-scope.js'
import { hashToken } from './staff-sessions.js'

export const API_SCOPES = ['credentials:issue', 'credentials:status'] as const
export type ApiScope = (typeof API_SCOPES)[number]

export const CreateApiTokenInput = z.object({
  name: z.string().trim().min(2).max(100),
  scopes: z.array(z.enum(API_SCOPES)).min(1),
  expiresInDays: z.number().int().min(1).max(365).default(90),
})

export interface ApiCaller {
  tokenId: string
  orgId: string
  scopes: ApiScope[]
}

export async function createApiToken(db: Db, args: { orgId: string; accountId: string; input: z.input<typeof CreateApiTokenInput> }) {
  const parsed = CreateApiTokenInput.safeParse(args.input)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const token = `cgt_${crypto.randomBytes(32).toString('base64url')}`
  const expiresAt = new Date(Date.now() + parsed.data.expiresInDays * 86_400_000)
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { orgId: args.orgId, name: parsed.data.name, tokenHash: hashToken(token), scopes: parsed.data.scopes.join(','), createdBy: args.accountId, expiresAt },
    })
    await appendAuditEntry(tx, { actorType: 'STAFF', actor: args.accountId, orgId: args.orgId, action: 'apitoken.create', subjectType: 'API_TOKEN', subject: created.id, decision: 'DONE', details: { scopes: parsed.data.scopes } })
    return created
  })
  return { token, id: row.id, expiresAt }
}

export async function revokeApiToken(db: Db, args: { orgId: string; accountId: string; tokenId: string }) {
  await db.$transaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id: args.tokenId, ...orgScope(args.orgId) } })
    if (!row) throw notFound('API token')
    await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } })
    await appendAuditEntry(tx, { actorType: 'STAFF', actor: args.accountId, orgId: args.orgId, action: 'apitoken.revoke', subjectType: 'API_TOKEN', subject: row.id, decision: 'DONE' })
  })
}

export async function findApiCaller(db: Db, token: string, now = new Date()): Promise<ApiCaller | undefined> {
  if (!token.startsWith('cgt_') || token.length > 100) return undefined
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } })
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return undefined
  return { tokenId: row.id, orgId: row.orgId, scopes: row.scopes.split(',') as ApiScope[] }
}
