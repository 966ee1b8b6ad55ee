/** Test support for licence imports: a board that may import, and licence CSV files of any size. */
import crypto from 'node:crypto'
import { seedAccreditation, seedBoard, seedStaff, seedTrustAnchor } from '../../../../prisma/seed/seed-functions.js'
import { npiWithCheckDigit } from '../credentials/npi.js'
import type { OrgCaller } from '../credentials/issuer-permissions.js'
import type { Platform } from '../../platform.js'
import { LICENSE_CSV_COLUMNS, type LicenseCsvColumn } from './license-csv.js'

export type LicenseCsvValues = Record<LicenseCsvColumn, string>

/** A board accredited for MD and DO in US-CA, with a board admin (as a login and as an OrgCaller). */
export async function seedImportingBoard(p: Platform, anchor?: Awaited<ReturnType<typeof seedTrustAnchor>>) {
  const trustAnchor = anchor ?? (await seedTrustAnchor(p))
  const board = await seedBoard(p)
  await seedAccreditation(p, { anchor: trustAnchor, board, licenseTypes: ['MD', 'DO'], jurisdictions: ['US-CA'] })
  const admin = await seedStaff(p, { orgId: board.id, roles: ['BOARD_ADMIN'] })
  const caller: OrgCaller = { kind: 'staff', orgId: board.id, accountId: admin.account.id, roles: ['BOARD_ADMIN'] }
  return { anchor: trustAnchor, board, admin, caller }
}

/**
 * `count` valid licence rows with unique numbers (`<prefix>-<i>`). Subjects are random addresses on this
 * chain: did:ethr needs no key to exist (deriving 10,000 keys would cost a minute of CPU for nothing).
 */
export function licenseRows(p: Pick<Platform, 'chain'>, count: number, prefix = `T${crypto.randomBytes(3).toString('hex').toUpperCase()}`): LicenseCsvValues[] {
  const validUntil = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString().slice(0, 10)
  return Array.from({ length: count }, (_, i) => ({
    subjectDid: `${p.chain.didPrefix}:0x${crypto.randomBytes(20).toString('hex')}`,
    name: `Dr. Clinician ${i}`,
    licenseType: i % 3 === 0 ? 'DO' : 'MD',
    licenseNumber: `${prefix}-${i}`,
    jurisdiction: 'US-CA',
    specialty: i % 2 ? 'Emergency Medicine' : 'Cardiology, Interventional',
    npi: npiWithCheckDigit(String(100_000_000 + i)),
    validFrom: '',
    validUntil,
  }))
}

/** The rows as an RFC 4180 file (CRLF, quoted where needed). */
export function toLicenseCsv(rows: Array<Partial<LicenseCsvValues>>, columns: readonly string[] = LICENSE_CSV_COLUMNS): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  return `${columns.join(',')}\r\n${rows.map((r) => columns.map((c) => cell((r as Record<string, string | undefined>)[c] ?? '')).join(',')).join('\r\n')}\r\n`
}
