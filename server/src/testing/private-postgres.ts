/**
 * A throw-away PostgreSQL cluster of a test's own (initdb in a temp dir, its own port), for faults that would
 * disturb everyone on the shared server: stopping the database mid-load and starting it again.
 * The machine runs tests as root and initdb refuses root, so the cluster's files belong to `postgres` and its
 * commands run through runuser.
 */
import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from '../chain/anvil.js'

const run = promisify(execFile)
const POSTGRES_ROOT = '/usr/lib/postgresql'

export interface PrivatePostgres {
  /** postgresql:// URL of the cluster's `credgate` database. */
  url: string
  port: number
  /** `pg_ctl stop -m immediate`: every backend dies at once, as in a crash (no checkpoint, WAL replay on start). */
  crash(): Promise<void>
  start(): Promise<void>
  /** Stops the cluster (if running) and removes its files. */
  destroy(): Promise<void>
}

/** The newest installed PostgreSQL's bin dir with initdb, or undefined when there is none. */
export function findPostgresBinDir(): string | undefined {
  if (!fs.existsSync(POSTGRES_ROOT)) return undefined
  const versions = fs.readdirSync(POSTGRES_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
  const found = versions.map((v) => path.join(POSTGRES_ROOT, v, 'bin')).find((bin) => fs.existsSync(path.join(bin, 'initdb')))
  return found
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findPostgresBinDir()
  if (!bin) throw new Error(`no PostgreSQL server binaries (initdb) under ${POSTGRES_ROOT}`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credgate-pg-'))
  const dataDir = path.join(dir, 'data')
  const port = await freePort()
  const asRoot = process.getuid?.() === 0
  if (asRoot) fs.chownSync(dir, ...postgresIds())
  // As root, run as postgres; otherwise as ourselves.
  const command = (tool: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args])
  const pgCtl = (...args: string[]) => {
    const [file, argv] = command('pg_ctl', ['-D', dataDir, ...args])
    return run(file, argv, { timeout: 30_000 })
  }
  // -l: without a log file the postmaster would inherit our stdout and pg_ctl's output would never end.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`
  const start = async () => {
    await pgCtl('-l', path.join(dir, 'postgres.log'), '-o', serverOptions, '-w', 'start')
  }
  const crash = async () => {
    await pgCtl('-m', 'immediate', '-w', 'stop')
  }
  // Never leave a postmaster behind if the test worker dies.
  const stopOnExit = () => {
    try {
      const [file, argv] = command('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop'])
      execFileSync(file, argv, { stdio: 'ignore', timeout: 10_000 })
    } catch {
      // not running
    }
  }

  const [initdb, initArgs] = command('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'])
  await run(initdb, initArgs, { timeout: 60_000 })
  await start()
  process.once('exit', stopOnExit)
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' })
  await admin.connect()
  try {
    await admin.query('CREATE DATABASE credgate')
  } finally {
    await admin.end()
  }

  return {
    url: `postgresql://postgres@127.0.0.1:${port}/credgate`,
    port,
    crash,
    start,
    destroy: async () => {
      process.removeListener('exit', stopOnExit)
      await crash().catch(() => undefined) // already stopped is fine
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

function postgresIds(): [number, number] {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
  return [uid, gid]
}
