/**
 * Starts, re-runs or resumes a board's licence import. The import is found by (board, SHA-256 of the file),
 * so submitting the same file again never creates a second import:
 *   - new file            → a new import (RUNNING), `license.import_started` audited in the same transaction;
 *   - DONE                → re-run: counters and errors reset, every row validated and issued again with
 *                           keep-if-identical, so an unchanged file issues nothing and reports rows as skipped;
 *   - FAILED, or RUNNING with no progress for IMPORT_STALE_AFTER_MS (its worker died)
 *                         → resumed from its last checkpoint (`license.import_resumed`);
 *   - RUNNING and alive   → returned as it is; another worker is on it.
 *
 * Whoever starts, re-runs or resumes an import holds its lease: the `updatedAt` value it last wrote. Every
 * later write of that worker is conditional on it (compare-and-set), so two workers (double submit, two
 * server instances) can never process the same import at once, and a worker that lost its lease stops.
 */
import { z } from 'zod'
import type { Db } from '../../db.js'
import { AppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { isUniqueViolation } from '../credentials/issue-credentials.js'
import { notFound } from '../tenant-scope.js'
import { LICENSE_IMPORT_LIMITS, readLicenseFile, type ImportRowError, type LicenseFile } from './license-csv.js'
import { IMPORT_STALE_AFTER_MS, toLicenseImportView, type LicenseImportView } from './query-license-imports.js'

/** What a worker needs to process an import it holds the lease of. */
export interface ImportRun {
  importId: string
  issuer: { id: string; did: string; kind: string }
  actor: AuditActor
  mode: 'new' | 'rerun' | 'resume'
  /** The lease: the import's `updatedAt` as this worker last wrote it. */
  leaseAt: Date
  /** Data rows already handled (the resume point), and their counts and errors. */
  processed: number
  issued: number
  skipped: number
  failed: number
  errors: ImportRowError[]
  /**
   * A batch can commit and its worker die before it records the batch's progress. Its rows then come back
   * "unchanged" when the import resumes; those whose credential this import issued at or after this instant
   * (the last progress the dead worker recorded) are counted as issued, not skipped.
   */
  countIssuedSince: Date
}

export interface StartedLicenseImport {
  import: LicenseImportView
  file: LicenseFile
  /** Set when this call holds the import and must process it; unset when another worker already does. */
  run: ImportRun | undefined
}

export const StartLicenseImportInput = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(255)
    .transform((name) => name.split(/[\\/]/).pop() ?? name),
})

export async function startLicenseImport(
  db: Db,
  args: { orgId: string; actor: AuditActor; fileName: string; file: Buffer | string; limits?: typeof LICENSE_IMPORT_LIMITS; staleAfterMs?: number },
): Promise<StartedLicenseImport> {
  const input = StartLicenseImportInput.safeParse({ fileName: args.fileName })
  if (!input.success) throw validationError(input.error.issues)
  const org = await db.organization.findUnique({ where: { id: args.orgId } })
  if (!org) throw notFound('Organisation')
  if (org.kind !== 'BOARD') throw new AppError('FORBIDDEN', 'Only licensing boards import licences')
  // The whole file is checked (size, encoding, CSV syntax, header) before anything is written.
  const file = readLicenseFile(args.file, args.limits)
  const staleAfterMs = args.staleAfterMs ?? IMPORT_STALE_AFTER_MS
  const issuer = { id: org.id, did: org.did, kind: org.kind }
  const audit = { ...args.actor, orgId: org.id, subjectType: 'LICENSE_IMPORT', decision: 'DONE' as const }

  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await db.licenseImport.findUnique({ where: { orgId_fileHash: { orgId: org.id, fileHash: file.fileHash } } })
    const leaseAt = nextLeaseInstant(existing?.updatedAt)

    if (!existing) {
      try {
        const created = await db.$transaction(async (tx) => {
          const row = await tx.licenseImport.create({
            data: { orgId: org.id, fileHash: file.fileHash, fileName: input.data.fileName, totalRows: file.rows.length, status: 'RUNNING', createdBy: args.actor.actor, updatedAt: leaseAt },
          })
          await appendAuditEntry(tx, { ...audit, action: 'license.import_started', subject: row.id, details: { fileHash: file.fileHash, totalRows: file.rows.length, mode: 'new' } })
          return row
        })
        return { import: toLicenseImportView(created), file, run: newRun({ importId: created.id, issuer, actor: args.actor, mode: 'new', leaseAt, countIssuedSince: leaseAt }) }
      } catch (error) {
        if (isUniqueViolation(error)) continue // the same file was submitted concurrently: look again
        throw error
      }
    }

    const alive = existing.status === 'RUNNING' && Date.now() - existing.updatedAt.getTime() <= staleAfterMs
    if (alive) return { import: toLicenseImportView(existing), file, run: undefined }

    const rerun = existing.status === 'DONE'
    const claimed = await db.$transaction(async (tx) => {
      const { count } = await tx.licenseImport.updateMany({
        where: { id: existing.id, status: existing.status, updatedAt: existing.updatedAt },
        data: rerun
          ? { status: 'RUNNING', processed: 0, issued: 0, skipped: 0, failed: 0, errors: '[]', updatedAt: leaseAt }
          : { status: 'RUNNING', updatedAt: leaseAt },
      })
      if (count === 0) return undefined
      await appendAuditEntry(tx, {
        ...audit,
        action: rerun ? 'license.import_started' : 'license.import_resumed',
        subject: existing.id,
        details: { fileHash: file.fileHash, totalRows: file.rows.length, mode: rerun ? 'rerun' : 'resume', ...(rerun ? {} : { fromRow: existing.processed }) },
      })
      return tx.licenseImport.findUniqueOrThrow({ where: { id: existing.id } })
    })
    if (!claimed) continue // another worker claimed or progressed it meanwhile: look again

    const run = newRun({ importId: claimed.id, issuer, actor: args.actor, mode: rerun ? 'rerun' : 'resume', leaseAt, countIssuedSince: existing.updatedAt })
    if (!rerun) {
      run.processed = Math.min(claimed.processed, file.rows.length)
      run.issued = claimed.issued
      run.skipped = claimed.skipped
      run.failed = claimed.failed
      const resumeRow = file.rows[run.processed]?.row ?? Number.POSITIVE_INFINITY
      run.errors = (JSON.parse(claimed.errors) as ImportRowError[]).filter((e) => e.row < resumeRow)
    }
    return { import: toLicenseImportView(claimed), file, run }
  }
  throw new AppError('CONFLICT', 'This import is changing concurrently; try again')
}

/** The licensing board named by its organisation id or its DID (for the CLI's `--board`). */
export async function findImportingBoard(db: Db, idOrDid: string): Promise<{ id: string; did: string; name: string }> {
  const org = await db.organization.findFirst({ where: idOrDid.startsWith('did:') ? { did: idOrDid } : { id: idOrDid } })
  if (!org) throw notFound(`Organisation ${idOrDid}`)
  if (org.kind !== 'BOARD') throw new AppError('FORBIDDEN', `${org.name} is not a licensing board`)
  return { id: org.id, did: org.did, name: org.name }
}

function newRun(base: Pick<ImportRun, 'importId' | 'issuer' | 'actor' | 'mode' | 'leaseAt' | 'countIssuedSince'>): ImportRun {
  return { ...base, processed: 0, issued: 0, skipped: 0, failed: 0, errors: [] }
}

/** A lease value later than the previous one (compare-and-set needs each write to differ). */
export function nextLeaseInstant(previous: Date | undefined): Date {
  return new Date(Math.max(Date.now(), (previous?.getTime() ?? 0) + 1))
}
