/**
 * Processes a licence import its worker holds (see start-license-import.ts): validates every row from the
 * resume point, then issues the valid rows in file order, one issuance batch (one transaction: credentials,
 * status events and their audit entries) per window of `batchSize` rows, recording progress after each.
 *
 * - No partial rows: a row is issued whole inside its batch's transaction, or not at all; invalid rows are
 *   never issued, and valid rows are issued even when others fail (the report names each failure).
 * - Crash-safe: a crash leaves whole batches. Resuming continues at the last recorded window; a window that
 *   committed without its progress being recorded is issued again with keep-if-identical, so its rows come
 *   back unchanged instead of twice (and still count as issued by this import).
 * - Idempotent: every row is issued with keep-if-identical, so re-running an unchanged file issues nothing.
 */
import type { Resolvable } from 'did-resolver'
import { isAppError } from '../../errors.js'
import type { Logger } from '../../logger.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import { currentKeyOf, issueCredentials, type CredentialToIssue, type IssuanceDeps } from '../credentials/issue-credentials.js'
import { prepareCredential } from '../credentials/prepare-credential.js'
import { memoizedAccreditationLookup } from '../credentials/trust-registry.js'
import { licenseKeyOf, licenseRequestOf, type ImportRowError, type LicenseFile } from './license-csv.js'
import { toLicenseImportView, type LicenseImportView } from './query-license-imports.js'
import { nextLeaseInstant, type ImportRun } from './start-license-import.js'

export interface LicenseImportDeps extends IssuanceDeps {
  resolver: Resolvable
  chain: { didPrefix: string }
  logger?: Logger
}

export interface ImportProgress {
  phase: 'validating' | 'issuing' | 'done'
  /** Rows validated (validating) or processed (issuing, done), out of `total`. */
  done: number
  total: number
  issued: number
  skipped: number
  failed: number
}

export interface ProcessLicenseImportOptions {
  /** Rows per issuance batch (one transaction each). */
  batchSize?: number
  /** Stop (leaving the import RUNNING, as a crash would) after this many batches: for tests of resuming. */
  maxBatches?: number
  /** When aborted, the import stops after the current batch and is marked FAILED; re-submitting resumes it. */
  signal?: AbortSignal
  onProgress?: (progress: ImportProgress) => void
}

export const DEFAULT_IMPORT_BATCH_SIZE = 200
const HEARTBEAT_MS = 5_000

/** This worker's lease was taken over (it was considered dead): it must stop without writing. */
export class ImportLeaseLostError extends Error {
  constructor(importId: string) {
    super(`licence import ${importId} is being processed by another worker`)
    this.name = 'ImportLeaseLostError'
  }
}

type ValidatedRow = { index: number; row: number; item: CredentialToIssue } | { index: number; row: number; item: undefined }

export async function processLicenseImport(
  deps: LicenseImportDeps,
  run: ImportRun,
  file: LicenseFile,
  options: ProcessLicenseImportOptions = {},
): Promise<LicenseImportView> {
  const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE
  const total = file.rows.length
  const lease = new ImportLease(deps, run)
  const report = (phase: ImportProgress['phase'], done: number) =>
    options.onProgress?.({ phase, done, total, issued: run.issued, skipped: run.skipped, failed: run.failed })

  try {
    const { validated, errors } = await validateRows(deps, run, file, lease, (done) => report('validating', done), options.signal)
    run.errors = [...run.errors, ...errors].sort((a, b) => a.row - b.row)
    await lease.checkpoint({ errors: JSON.stringify(run.errors) })

    const from = run.processed
    let batches = 0
    for (let start = from; start < total; start += batchSize) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) return await lease.view()
      if (options.signal?.aborted) return await lease.fail('INTERRUPTED')
      const window = validated.slice(start - from, start - from + batchSize)
      const valid = window.filter((v): v is ValidatedRow & { item: CredentialToIssue } => v.item !== undefined)
      const counts = await issueWindow(deps, run, valid.map((v) => v.item))
      run.issued += counts.issued
      run.skipped += counts.skipped
      run.failed += window.length - valid.length
      run.processed = Math.min(start + batchSize, total)
      await lease.checkpoint({})
      batches++
      report('issuing', run.processed)
      // Let the server answer other requests between batches.
      await new Promise((resolve) => setImmediate(resolve))
    }
    const done = await lease.finish()
    report('done', run.processed)
    return done
  } catch (error) {
    if (!(error instanceof ImportLeaseLostError)) {
      await lease.fail(isAppError(error) ? error.code : 'INTERNAL').catch((e: unknown) => deps.logger?.warn('could not mark the licence import failed', { importId: run.importId, error: e }))
    }
    throw error
  }
}

async function validateRows(
  deps: LicenseImportDeps,
  run: ImportRun,
  file: LicenseFile,
  lease: ImportLease,
  progress: (done: number) => void,
  signal: AbortSignal | undefined,
): Promise<{ validated: ValidatedRow[]; errors: ImportRowError[] }> {
  // Duplicates are judged over the whole file (also the rows before a resume point): the later row is wrong.
  const firstRowByKey = new Map<string, number>()
  for (const row of file.rows) {
    const key = licenseKeyOf(row)
    if (key && !firstRowByKey.has(key)) firstRowByKey.set(key, row.row)
  }
  const validated: ValidatedRow[] = []
  const errors: ImportRowError[] = []
  const prepareDeps = { db: deps.db, resolver: deps.resolver, didPrefix: deps.chain.didPrefix, findAccreditation: memoizedAccreditationLookup() }
  for (let index = run.processed; index < file.rows.length; index++) {
    const row = file.rows[index]!
    const rowErrors: ImportRowError[] = []
    const request = licenseRequestOf(row)
    let item: CredentialToIssue | undefined
    if (!request.ok) {
      rowErrors.push(...request.errors)
    } else {
      try {
        // checkResolvable: false: a did:ethr DID on our chain always resolves (an address with no registry
        // events has its default document), so resolving 10,000 subjects would cost 10,000 RPC round trips and
        // could only fail on a chain outage. prepareCredential still checks the DID's syntax and that it names
        // this chain's network (the prefix).
        const prepared = await prepareCredential(prepareDeps, run.issuer, request.request, { checkResolvable: false })
        if (prepared.ok) item = { ...prepared.item, keepIfIdentical: true }
        else rowErrors.push(...prepared.fields.map((f) => ({ row: row.row, field: columnOf(f.field), reason: f.message })))
      } catch (error) {
        if (!(isAppError(error) && error.code === 'ISSUER_UNTRUSTED')) throw error
        rowErrors.push({ row: row.row, field: 'licenseType', reason: error.message })
      }
    }
    const key = licenseKeyOf(row)
    const first = key ? firstRowByKey.get(key) : undefined
    if (key && first !== undefined && first !== row.row) {
      rowErrors.push({ row: row.row, field: 'licenseNumber', reason: `duplicates row ${first} (licence ${key} appears more than once in the file)` })
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors)
      validated.push({ index, row: row.row, item: undefined })
    } else {
      validated.push({ index, row: row.row, item })
    }
    if ((index + 1) % 250 === 0) {
      progress(index + 1)
      await lease.heartbeat()
      if (signal?.aborted) break
    }
  }
  progress(file.rows.length)
  errors.push(...(await refuseRevokedOrSuspended(deps, run, validated)))
  return { validated, errors }
}

/**
 * An import states what a board's register should hold; it does not override the board's own decisions. A
 * licence currently suspended, or revoked (not superseded) with no licence after it, is left alone: the
 * row is an error, and the board reinstates or issues it individually. (Without this, keep-if-identical,
 * which keeps only ACTIVE licences, would replace a suspended licence with a fresh active one on a re-run.)
 */
async function refuseRevokedOrSuspended(deps: LicenseImportDeps, run: ImportRun, validated: ValidatedRow[]): Promise<ImportRowError[]> {
  const errors: ImportRowError[] = []
  const pending = validated.filter((v): v is ValidatedRow & { item: CredentialToIssue } => v.item?.naturalKey !== undefined)
  for (let i = 0; i < pending.length; i += 500) {
    const chunk = pending.slice(i, i + 500)
    const keys = chunk.map((v) => v.item.naturalKey!)
    const [currents, revoked] = await Promise.all([
      deps.db.issuedCredential.findMany({ where: { currentKey: { in: keys.map((k) => currentKeyOf(run.issuer.id, k)) } }, select: { naturalKey: true, status: true } }),
      deps.db.issuedCredential.findMany({
        where: { orgId: run.issuer.id, type: 'ClinicianLicenseCredential', naturalKey: { in: keys }, status: 'REVOKED', supersededById: null },
        select: { naturalKey: true, statusReason: true },
      }),
    ])
    const currentStatus = new Map(currents.map((c) => [c.naturalKey!, c.status]))
    const revokedKeys = new Set(revoked.map((r) => r.naturalKey!))
    for (const v of chunk) {
      const key = v.item.naturalKey!
      let reason: string | undefined
      if (currentStatus.get(key) === 'SUSPENDED') reason = `licence ${key} is suspended; reinstate or revoke it before importing it`
      else if (!currentStatus.has(key) && revokedKeys.has(key)) reason = `licence ${key} was revoked; issue it individually if it has been reinstated`
      if (reason) {
        errors.push({ row: v.row, field: 'licenseNumber', reason })
        validated[v.index - run.processed] = { index: v.index, row: v.row, item: undefined }
      }
    }
  }
  return errors
}

async function issueWindow(deps: LicenseImportDeps, run: ImportRun, items: CredentialToIssue[]): Promise<{ issued: number; skipped: number }> {
  if (items.length === 0) return { issued: 0, skipped: 0 }
  const results = await issueCredentials(deps, { issuer: run.issuer, actor: run.actor, items, importId: run.importId })
  const unchanged = results.filter((r) => r.unchanged).map((r) => r.id)
  // Unchanged rows that this import itself issued in a batch whose progress was never recorded (see
  // ImportRun.countIssuedSince) were issued by this import, not found already there.
  const ours = unchanged.length
    ? await deps.db.issuedCredential.count({ where: { id: { in: unchanged }, importId: run.importId, issuedAt: { gte: run.countIssuedSince } } })
    : 0
  return { issued: results.length - unchanged.length + ours, skipped: unchanged.length - ours }
}

/** prepareCredential's field paths as the file's column names. */
function columnOf(field: string): string {
  if (field.startsWith('claims.')) return field.slice('claims.'.length)
  return field === '(input)' || field === 'claims' ? '(row)' : field
}

/** The worker's side of the lease: every write is conditional on the `updatedAt` it last wrote. */
class ImportLease {
  #lastBeat = Date.now()

  constructor(
    private readonly deps: LicenseImportDeps,
    private readonly run: ImportRun,
  ) {}

  async heartbeat(): Promise<void> {
    if (Date.now() - this.#lastBeat >= HEARTBEAT_MS) await this.checkpoint({})
  }

  /** Records progress (and extra fields) under the lease. */
  async checkpoint(extra: { errors?: string }): Promise<void> {
    const { run } = this
    const next = nextLeaseInstant(run.leaseAt)
    const { count } = await this.deps.db.licenseImport.updateMany({
      where: { id: run.importId, status: 'RUNNING', updatedAt: run.leaseAt },
      data: { processed: run.processed, issued: run.issued, skipped: run.skipped, failed: run.failed, ...extra, updatedAt: next },
    })
    if (count === 0) throw new ImportLeaseLostError(run.importId)
    run.leaseAt = next
    this.#lastBeat = Date.now()
  }

  async finish(): Promise<LicenseImportView> {
    const { run } = this
    const next = nextLeaseInstant(run.leaseAt)
    const row = await this.deps.db.$transaction(async (tx) => {
      const { count } = await tx.licenseImport.updateMany({
        where: { id: run.importId, status: 'RUNNING', updatedAt: run.leaseAt },
        data: { status: 'DONE', processed: run.processed, issued: run.issued, skipped: run.skipped, failed: run.failed, updatedAt: next },
      })
      if (count === 0) throw new ImportLeaseLostError(run.importId)
      await appendAuditEntry(tx, {
        ...run.actor,
        orgId: run.issuer.id,
        action: 'license.import_finished',
        subjectType: 'LICENSE_IMPORT',
        subject: run.importId,
        decision: 'DONE',
        details: { status: 'DONE', totalRows: run.processed, issued: run.issued, skipped: run.skipped, failed: run.failed },
      })
      return tx.licenseImport.findUniqueOrThrow({ where: { id: run.importId } })
    })
    run.leaseAt = next
    return toLicenseImportView(row)
  }

  /**
   * Marks the import FAILED (resumable) and audits why. `updatedAt` stays at the last recorded progress: it is
   * the instant a resume counts this import's already-committed rows from (ImportRun.countIssuedSince).
   */
  async fail(reasonCode: string): Promise<LicenseImportView> {
    const { run } = this
    const row = await this.deps.db.$transaction(async (tx) => {
      const { count } = await tx.licenseImport.updateMany({
        where: { id: run.importId, status: 'RUNNING', updatedAt: run.leaseAt },
        data: { status: 'FAILED', updatedAt: run.leaseAt },
      })
      if (count === 0) throw new ImportLeaseLostError(run.importId)
      await appendAuditEntry(tx, {
        ...run.actor,
        orgId: run.issuer.id,
        action: 'license.import_finished',
        subjectType: 'LICENSE_IMPORT',
        subject: run.importId,
        decision: 'DONE',
        reasonCode,
        details: { status: 'FAILED', processed: run.processed, issued: run.issued, skipped: run.skipped, failed: run.failed },
      })
      return tx.licenseImport.findUniqueOrThrow({ where: { id: run.importId } })
    })
    return toLicenseImportView(row)
  }

  async view(): Promise<LicenseImportView> {
    return toLicenseImportView(await this.deps.db.licenseImport.findUniqueOrThrow({ where: { id: this.run.importId } }))
  }
}
