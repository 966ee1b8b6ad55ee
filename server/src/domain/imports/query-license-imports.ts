/** A board's licence imports and their progress, scoped to the board (another board's import is NOT_FOUND). */
import { z } from 'zod'
import type { DbTx } from '../../db.js'
import { validationError } from '../../errors.js'
import { notFound, orgScope } from '../tenant-scope.js'
import type { ImportRowError } from './license-csv.js'

/** A RUNNING import whose worker has not reported for this long is stalled: re-submitting the file resumes it. */
export const IMPORT_STALE_AFTER_MS = 60_000

export type LicenseImportStatus = 'RUNNING' | 'DONE' | 'FAILED'

export interface LicenseImportView {
  id: string
  orgId: string
  fileName: string
  fileHash: string
  totalRows: number
  /** Rows handled so far: issued + skipped + failed. */
  processed: number
  /** Rows for which this import issued a credential. */
  issued: number
  /** Rows whose identical licence was already current (unchanged; nothing issued). */
  skipped: number
  /** Rows with errors (never issued). */
  failed: number
  status: LicenseImportStatus
  /** RUNNING, but no progress for IMPORT_STALE_AFTER_MS (its worker stopped): re-submit the file to resume. */
  stalled: boolean
  errors: ImportRowError[]
  createdBy: string
  createdAt: Date
  updatedAt: Date
}

interface LicenseImportRow {
  id: string
  orgId: string
  fileName: string
  fileHash: string
  totalRows: number
  processed: number
  issued: number
  skipped: number
  failed: number
  status: string
  errors: string
  createdBy: string
  createdAt: Date
  updatedAt: Date
}

export function toLicenseImportView(row: LicenseImportRow, now = new Date()): LicenseImportView {
  const status = row.status as LicenseImportStatus
  return {
    id: row.id,
    orgId: row.orgId,
    fileName: row.fileName,
    fileHash: row.fileHash,
    totalRows: row.totalRows,
    processed: row.processed,
    issued: row.issued,
    skipped: row.skipped,
    failed: row.failed,
    status,
    stalled: status === 'RUNNING' && now.getTime() - row.updatedAt.getTime() > IMPORT_STALE_AFTER_MS,
    errors: JSON.parse(row.errors) as ImportRowError[],
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

export async function getLicenseImport(db: DbTx, args: { orgId: string; id: string }): Promise<LicenseImportView> {
  const row = await db.licenseImport.findFirst({ where: { id: args.id, ...orgScope(args.orgId) } })
  if (!row) throw notFound('Licence import')
  return toLicenseImportView(row)
}

export const ListLicenseImportsInput = z.object({ limit: z.number().int().min(1).max(100).default(20) })

/** The board's imports, newest first. */
export async function listLicenseImports(db: DbTx, args: { orgId: string; input: z.input<typeof ListLicenseImportsInput> }): Promise<LicenseImportView[]> {
  const parsed = ListLicenseImportsInput.safeParse(args.input)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const rows = await db.licenseImport.findMany({ where: orgScope(args.orgId), orderBy: { createdAt: 'desc' }, take: parsed.data.limit })
  return rows.map((row) => toLicenseImportView(row))
}
