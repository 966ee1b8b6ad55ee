/**
 * `npm run bench [-- --only audit --scale 10 --timeout 1800 --<suite flag> <value>]`: runs the selected
 * suites against the real platform and prints every figure as a table and as JSON lines on stdout
 * (progress goes to stderr). Not part of `npm test`. Each database, temp dir and child process a suite
 * starts is cleaned up at the end of that suite, and also when the run times out or is interrupted.
 */
import os from 'node:os'
import { parseArgs } from 'node:util'
import { formatHeader, formatTable, toJsonLine, type FigureGroup, type RunHeader } from './report.js'
import type { BenchContext } from './suite.js'
import { SUITES } from './suites/index.js'

const DEFAULT_TIMEOUT_S = 600

class UsageError extends Error {}

/** Cleanups registered by suites; each runs once, newest first. */
class Cleanups {
  private pending: Array<() => Promise<void>> = []

  add(cleanup: () => Promise<void>): () => Promise<void> {
    let done: Promise<void> | undefined
    const run = () => {
      this.pending = this.pending.filter((c) => c !== run)
      return (done ??= cleanup())
    }
    this.pending.push(run)
    return run
  }

  async runAll(): Promise<void> {
    for (const run of [...this.pending].reverse()) await run().catch((e: unknown) => process.stderr.write(`bench: cleanup failed: ${String(e)}\n`))
  }
}

function usage(): string {
  const suiteFlags = SUITES.flatMap((s) => Object.entries(s.flags ?? {}).map(([name, help]) => `  --${name} <n>`.padEnd(28) + help))
  return [
    'usage: npm run bench -- [--only <suite,...>] [--scale <x>] [--timeout <seconds>] [suite flags]',
    `  --only <suite,...>`.padEnd(28) + `suites to run (default all): ${SUITES.map((s) => s.name).join(', ')}`,
    `  --scale <x>`.padEnd(28) + 'multiplies the default sizes (default 1; e.g. 10 for a larger run, 0.1 for a smoke run)',
    `  --timeout <seconds>`.padEnd(28) + `the whole run is stopped and cleaned up after this (default ${DEFAULT_TIMEOUT_S} x scale, at least ${DEFAULT_TIMEOUT_S})`,
    ...suiteFlags,
  ].join('\n')
}

function positiveNumber(name: string, raw: string): number {
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a positive number, got "${raw}"`)
  return value
}

async function main(): Promise<number> {
  const suiteFlags = Object.fromEntries(SUITES.flatMap((s) => Object.keys(s.flags ?? {})).map((name) => [name, { type: 'string' as const }]))
  const options = { only: { type: 'string' }, scale: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean' }, ...suiteFlags } as const
  let flags: Record<string, string | boolean | undefined>
  try {
    flags = parseArgs({ options }).values
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  if (flags.help) {
    process.stdout.write(`${usage()}\n`)
    return 0
  }
  const only = typeof flags.only === 'string' ? flags.only.split(',') : undefined
  const unknown = only?.filter((name) => !SUITES.some((s) => s.name === name)) ?? []
  if (unknown.length > 0) throw new UsageError(`unknown suite ${unknown.join(', ')}; suites: ${SUITES.map((s) => s.name).join(', ')}`)
  const selected = SUITES.filter((s) => !only || only.includes(s.name))
  const scale = typeof flags.scale === 'string' ? positiveNumber('scale', flags.scale) : 1
  const timeoutS = typeof flags.timeout === 'string' ? positiveNumber('timeout', flags.timeout) : DEFAULT_TIMEOUT_S * Math.max(1, scale)

  const startedAt = new Date()
  const cleanups = new Cleanups()
  const ctx: BenchContext = {
    scale,
    flag: (name) => (typeof flags[name] === 'string' ? flags[name] : undefined),
    intFlag: (name, defaultValue) => {
      const raw = flags[name]
      if (typeof raw !== 'string') return Math.max(1, Math.round(defaultValue))
      const value = positiveNumber(name, raw)
      if (!Number.isInteger(value)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`)
      return value
    },
    log: (message) => process.stderr.write(`[${((Date.now() - startedAt.getTime()) / 1000).toFixed(1).padStart(6)} s] ${message}\n`),
    defer: (cleanup) => cleanups.add(cleanup),
  }

  let aborting = false
  const abort = async (reason: string) => {
    if (aborting) return
    aborting = true
    process.stderr.write(`bench: ${reason}; cleaning up\n`)
    setTimeout(() => process.exit(2), 30_000).unref()
    await cleanups.runAll()
    process.exit(2)
  }
  setTimeout(() => void abort(`timed out after ${timeoutS} s (raise it with --timeout)`), timeoutS * 1000).unref()
  process.on('SIGINT', () => void abort('interrupted'))
  process.on('SIGTERM', () => void abort('terminated'))

  const groups: FigureGroup[] = []
  for (const suite of selected) {
    ctx.log(`${suite.name}: ${suite.description}`)
    try {
      groups.push(...(await suite.run(ctx)))
    } catch (error) {
      groups.push({ bench: suite.name, figures: [], error: error instanceof Error ? error.message : String(error) })
    } finally {
      await cleanups.runAll()
    }
  }

  const header: RunHeader = { cores: os.cpus().length, cpu: os.cpus()[0]?.model.trim() ?? 'unknown cpu', node: process.version, scale, startedAt }
  const output = `\n${formatHeader(header)}\n\n${formatTable(groups)}\n\n${groups.map((g) => toJsonLine(g, header)).join('\n')}\n`
  await new Promise<void>((resolve) => process.stdout.write(output, () => resolve())) // flushed before process.exit
  return groups.some((g) => g.error) ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(error instanceof UsageError ? `${error.message}\n\n${usage()}\n` : `${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(error instanceof UsageError ? 64 : 1)
  },
)
