/**
 * What a benchmark run prints: a table for people and one JSON line per figure group for machines
 * (`npm run bench | grep '^{'`), plus the small statistics helpers the suites share.
 */

/** One measured number; `key` is snake_case and ends in its unit where that helps (`_per_s`, `_ms`, `_s`). */
export interface Figure {
  key: string
  value: number
  unit: string
}

/** The figures of one suite under one set of conditions (e.g. audit on PostgreSQL). */
export interface FigureGroup {
  bench: string
  /** Conditions that tell groups of one suite apart, e.g. `{ database: 'postgres' }`. */
  tags?: Record<string, string>
  figures: Figure[]
  /** Set when the suite failed; `figures` then holds whatever was measured before the failure. */
  error?: string
}

export interface RunHeader {
  cores: number
  cpu: string
  node: string
  scale: number
  startedAt: Date
}

/** The p-th percentile (0..100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.NaN
}

/** Latency figures `<prefix>_p50_ms` and `<prefix>_p99_ms` from a list of durations in milliseconds. */
export function latencyFigures(prefix: string, durationsMs: readonly number[]): Figure[] {
  return [
    { key: `${prefix}_p50_ms`, value: percentile(durationsMs, 50), unit: 'ms' },
    { key: `${prefix}_p99_ms`, value: percentile(durationsMs, 99), unit: 'ms' },
  ]
}

/** Whole numbers from 100 up, three significant digits below (0.351, 12.4). */
export function roundFigure(value: number): number {
  if (!Number.isFinite(value)) return value
  return Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3))
}

export function formatHeader(h: RunHeader): string {
  return `CredGate benchmarks: ${h.cores} cores (${h.cpu}), node ${h.node}, scale ${h.scale}, ${h.startedAt.toISOString()}`
}

export function formatTable(groups: readonly FigureGroup[]): string {
  const rows: string[][] = [['group', 'figure', 'value', 'unit']]
  for (const group of groups) {
    const name = [group.bench, ...Object.values(group.tags ?? {})].join(' ')
    for (const f of group.figures) rows.push([name, f.key, roundFigure(f.value).toLocaleString('en-US'), f.unit])
    if (group.error) rows.push([name, 'FAILED', '', group.error])
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows
    .map((r) => r.map((cell, c) => (c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd())
    .join('\n')
}

/** `{"bench":"audit","database":"sqlite","cores":2,"audit_append_per_s_single":812,...}` */
export function toJsonLine(group: FigureGroup, header: RunHeader): string {
  const line: Record<string, string | number | null> = { bench: group.bench, ...group.tags, cores: header.cores, scale: header.scale }
  for (const f of group.figures) line[f.key] = Number.isFinite(f.value) ? roundFigure(f.value) : null
  if (group.error) line.error = group.error
  return JSON.stringify(line)
}
