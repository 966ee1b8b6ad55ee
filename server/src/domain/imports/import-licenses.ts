/**
 * The API's way into licence imports (GraphQL and HTTP call this): check the caller may issue licences,
 * start (or re-run, or resume) the import, and process it in the background of this server process, so the
 * request returns at once with the import RUNNING and the dashboard follows its progress.
 *
 * A background import lives as long as the process: when the process stops, the import stays RUNNING, is
 * shown as stalled after IMPORT_STALE_AFTER_MS, and resumes when the same file is submitted again.
 */
import { callerActor, assertMayIssue, type OrgCaller } from '../credentials/issuer-permissions.js'
import type { LicenseFile } from './license-csv.js'
import { ImportLeaseLostError, processLicenseImport, type LicenseImportDeps } from './process-license-import.js'
import type { LicenseImportView } from './query-license-imports.js'
import { startLicenseImport, type ImportRun } from './start-license-import.js'

interface BackgroundImport {
  done: Promise<void>
  abort: AbortController
}

const running = new Map<string, BackgroundImport>()

export async function importLicenses(deps: LicenseImportDeps, args: { caller: OrgCaller; fileName: string; file: Buffer | string }): Promise<LicenseImportView> {
  assertMayIssue(args.caller, 'ClinicianLicenseCredential')
  const started = await startLicenseImport(deps.db, { orgId: args.caller.orgId, actor: callerActor(args.caller), fileName: args.fileName, file: args.file })
  if (started.run) processInBackground(deps, started.run, started.file)
  return started.import
}

function processInBackground(deps: LicenseImportDeps, run: ImportRun, file: LicenseFile): void {
  const abort = new AbortController()
  const done = processLicenseImport(deps, run, file, { signal: abort.signal })
    .then(
      (result) => deps.logger?.info('licence import finished', { importId: result.id, status: result.status, issued: result.issued, skipped: result.skipped, failed: result.failed }),
      (error: unknown) => {
        if (error instanceof ImportLeaseLostError) deps.logger?.warn('licence import taken over by another worker', { importId: run.importId })
        else deps.logger?.error('licence import failed', { importId: run.importId, error })
      },
    )
    .finally(() => running.delete(run.importId))
  running.set(run.importId, { done, abort })
}

/** Resolves when the import (or every import) this process runs in the background has stopped. */
export async function waitForLicenseImports(importId?: string): Promise<void> {
  const jobs = importId ? [running.get(importId)].filter((j): j is BackgroundImport => j !== undefined) : [...running.values()]
  await Promise.all(jobs.map((j) => j.done))
}

/**
 * For shutdown: background imports stop after their current batch and are marked FAILED (resumable by
 * submitting the file again), instead of being cut mid-way and shown as stalled for a minute.
 */
export async function stopLicenseImports(): Promise<void> {
  for (const job of running.values()) job.abort.abort()
  await waitForLicenseImports()
}
