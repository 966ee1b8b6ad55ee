/** The issuer's register: search its issued credentials and read one with its status history. */
import { z } from 'zod'
import type { Db } from '../../db.js'
import { validationError } from '../../errors.js'
import { notFound, orgScope } from '../tenant-scope.js'

export const CredentialSearch = z.object({
  type: z.string().max(60).optional(),
  status: z.enum(['ACTIVE', 'SUSPENDED', 'REVOKED']).optional(),
  subjectDid: z.string().max(200).optional(),
  /** Matches licence number, name or NPI (case-insensitive substring of the claims). */
  text: z.string().trim().max(100).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(100_000).default(0),
})

export async function searchIssuedCredentials(db: Db, args: { orgId: string; search: z.input<typeof CredentialSearch> }) {
  const parsed = CredentialSearch.safeParse(args.search)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const s = parsed.data
  const where = {
    ...orgScope(args.orgId),
    ...(s.type ? { type: s.type } : {}),
    ...(s.status ? { status: s.status } : {}),
    ...(s.subjectDid ? { subjectDid: s.subjectDid } : {}),
    ...(s.text ? { OR: [{ claims: { contains: s.text } }, { naturalKey: { contains: s.text.toUpperCase() } }, { id: s.text }] } : {}),
  }
  const [total, items] = await Promise.all([
    db.issuedCredential.count({ where }),
    db.issuedCredential.findMany({ where, orderBy: { issuedAt: 'desc' }, take: s.limit, skip: s.offset }),
  ])
  return { total, items }
}

export async function getIssuedCredential(db: Db, args: { orgId: string; id: string }) {
  const row = await db.issuedCredential.findFirst({
    where: { id: args.id, ...orgScope(args.orgId) },
    include: { statusEvents: { orderBy: { at: 'asc' } } },
  })
  if (!row) throw notFound('Credential')
  return row
}
