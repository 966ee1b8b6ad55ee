/**
 * The contract between `run.ts` and a benchmark suite, and the helpers every suite needs: a real platform
 * that is always cleaned up (even on timeout or Ctrl-C) and a stopwatch.
 * A new suite is one file in suites/ exporting a `Suite`, plus one line in suites/index.ts.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Platform } from '../src/platform.js'
import { createTestDatabase, dropTestDatabase, startTestPlatform } from '../src/testing/test-platform.js'
import type { FigureGroup } from './report.js'

export interface Suite {
  /** Used by `--only`, and as the `bench` value of its JSON lines. */
  name: string
  description: string
  /** Extra `--<flag> <value>` options this suite reads with `ctx.intFlag` / `ctx.flag`: flag name -> help text. */
  flags?: Record<string, string>
  run(ctx: BenchContext): Promise<FigureGroup[]>
}

export interface BenchContext {
  /** Multiplies the default sizes (`--scale 10` for a larger run). */
  scale: number
  flag(name: string): string | undefined
  /** An integer flag, or `defaultValue` when absent. */
  intFlag(name: string, defaultValue: number): number
  /** Progress for the person watching (stderr, so stdout stays table + JSON). */
  log(message: string): void
  /**
   * Registers a cleanup that runs when the suite ends, fails, or the run is aborted (timeout, Ctrl-C).
   * Returns a function that runs it now (once) instead.
   */
  defer(cleanup: () => Promise<void>): () => Promise<void>
}

export type BenchDatabase = 'sqlite' | 'postgres'

export interface BenchPlatform extends Platform {
  databaseUrl: string | undefined
  /** Stops the platform, removes its data dir and drops its PostgreSQL database (once). */
  destroy(): Promise<void>
}

/**
 * A real platform (its own anvil, a fresh SQLite dir or PostgreSQL database) whose clean-up is registered
 * before anything is created, so an aborted run leaves no database or temp dir behind.
 */
export async function startBenchPlatform(ctx: BenchContext, database: BenchDatabase): Promise<BenchPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credgate-bench-'))
  let databaseUrl: string | undefined
  let platform: Platform | undefined
  const destroy = ctx.defer(async () => {
    await platform?.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
    if (databaseUrl) await dropTestDatabase(databaseUrl)
  })
  if (database === 'postgres') databaseUrl = await createTestDatabase()
  platform = await startTestPlatform({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) })
  return Object.assign(platform, { databaseUrl, destroy })
}

/** Runs `fn` and returns its result with the elapsed wall-clock milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now()
  const result = await fn()
  return { result, ms: performance.now() - started }
}
