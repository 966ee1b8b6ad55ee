/** How an import's progress and outcome read in a terminal (the CLI): a progress line and a summary. */
import type { ImportProgress } from './process-license-import.js'
import type { LicenseImportView } from './query-license-imports.js'

/** `[#####.....] 4200/10000 rows` (with the phase while validating), for a `\r`-rewritten terminal line. */
export function formatProgressLine(progress: ImportProgress, width = 30): string {
  const ratio = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 1
  const filled = Math.round(ratio * width)
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.done}/${progress.total} rows`
  if (progress.phase === 'validating') return `validating ${bar}`
  return `${bar}  issued ${progress.issued}, unchanged ${progress.skipped}, failed ${progress.failed}`
}

export function formatImportSummary(view: LicenseImportView, seconds: number): string {
  const rate = seconds > 0 ? Math.round(view.processed / seconds) : view.processed
  const head =
    view.status === 'DONE'
      ? `import ${view.id} done`
      : view.status === 'FAILED'
        ? `import ${view.id} stopped before the end (FAILED): run the same command again to resume`
        : `import ${view.id} is still RUNNING`
  return [
    head,
    `  ${view.totalRows} rows: ${view.issued} issued, ${view.skipped} unchanged, ${view.failed} failed (${view.processed} processed)`,
    `  ${seconds.toFixed(1)} s, ${rate} rows/s`,
  ].join('\n')
}

/** Renders at most a few progress lines a second (and always the last). */
export function throttledProgress(write: (line: string) => void, intervalMs = 200): (progress: ImportProgress) => void {
  let last = 0
  let lastLine = ''
  return (progress) => {
    const now = Date.now()
    const final = progress.phase !== 'validating' && progress.done >= progress.total
    if (!final && now - last < intervalMs) return
    const line = formatProgressLine(progress)
    if (line === lastLine) return
    last = now
    lastLine = line
    write(line)
  }
}
