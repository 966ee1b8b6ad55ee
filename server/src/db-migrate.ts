/**
 * Applies prisma/<provider>/migrations at start-up, without spawning the Prisma CLI (which costs seconds).
 * Bookkeeping goes in Prisma's own `_prisma_migrations` table (same columns and checksums), so
 * `prisma migrate status` / `deploy` agree with what the server did. Several instances booting at once
 * serialise on an advisory lock (PostgreSQL) or an immediate transaction (SQLite).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import type { DatabaseConfig } from './config.js'

const PRISMA_DIR = path.resolve(import.meta.dirname, '..', '..', 'prisma')

interface Migration {
  name: string
  sql: string
  checksum: string
}

export function readMigrations(provider: DatabaseConfig['kind']): Migration[] {
  const dir = path.join(PRISMA_DIR, provider, 'migrations')
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') }
    })
}

export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** Applies pending migrations; returns the names applied. */
export async function migrateDatabase(config: DatabaseConfig): Promise<string[]> {
  return config.kind === 'sqlite' ? migrateSqlite(config.file) : migratePostgres(config.url)
}

function checkApplied(applied: Map<string, string>, migrations: Migration[]): Migration[] {
  for (const [name, checksum] of applied) {
    const m = migrations.find((x) => x.name === name)
    if (!m) throw new MigrationError(`database has migration ${name}, which this version does not know (newer database?)`)
    if (m.checksum !== checksum) throw new MigrationError(`migration ${name} was modified after it was applied`)
  }
  return migrations.filter((m) => !applied.has(m.name))
}

function migrateSqlite(file: string): string[] {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const db = new Database(file, { timeout: 10_000 })
  try {
    db.pragma('journal_mode = WAL')
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`)
    const run = db.transaction(() => {
      const rows = db.prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL').all() as Array<{ migration_name: string; checksum: string }>
      const pending = checkApplied(new Map(rows.map((r) => [r.migration_name, r.checksum])), readMigrations('sqlite'))
      const insert = db.prepare('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)')
      for (const m of pending) {
        const started = Date.now()
        db.exec(m.sql)
        insert.run(crypto.randomUUID(), m.checksum, Date.now(), m.name, started)
      }
      return pending.map((m) => m.name)
    })
    return run.immediate()
  } finally {
    db.close()
  }
}

const MIGRATION_LOCK = 72707369 // the same advisory lock id Prisma Migrate uses

async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`)
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL',
    )
    const pending = checkApplied(new Map(rows.map((r) => [r.migration_name, r.checksum])), readMigrations('postgres'))
    for (const m of pending) {
      await client.query('BEGIN')
      try {
        const started = new Date()
        await client.query(m.sql)
        await client.query(
          'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)',
          [crypto.randomUUID(), m.checksum, m.name, started],
        )
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new MigrationError(`migration ${m.name} failed: ${(error as Error).message}`)
      }
    }
    return pending.map((m) => m.name)
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
    await client.end()
  }
}
