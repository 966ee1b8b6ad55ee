/**
 * SQLite and PostgreSQL must hold the same schema: both migration histories are deployed to fresh databases
 * and every table's columns (name, nullability, coarse type) and indexes are compared, and both must match
 * the Prisma models.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase } from '../server/src/db-migrate.js'
import { createTestDatabase, dropTestDatabase } from '../server/src/testing/test-platform.js'
import { Prisma } from './generated/sqlite/client.ts'

type Shape = Record<string, Record<string, { nullable: boolean; type: string }>>
/** table -> sorted index descriptions: "unique(a,b)" or "index(a,b)" (primary keys excluded: the columns carry them). */
type Indexes = Record<string, string[]>

function coarse(type: string): string {
  const t = type.toLowerCase()
  if (/int|serial/.test(t)) return 'int'
  if (/bool/.test(t)) return 'bool'
  if (/time|date/.test(t)) return 'datetime'
  if (/char|text|uuid/.test(t)) return 'text'
  if (/double|real|float|numeric|decimal/.test(t)) return 'float'
  return t
}

describe('schema parity', () => {
  let dir: string
  let pgUrl: string
  const sqliteShape: Shape = {}
  const pgShape: Shape = {}
  const sqliteIndexes: Indexes = {}
  const pgIndexes: Indexes = {}

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credgate-parity-'))
    const file = path.join(dir, 'parity.db')
    pgUrl = await createTestDatabase()
    await migrateDatabase({ kind: 'sqlite', file })
    await migrateDatabase({ kind: 'postgres', url: pgUrl })

    const lite = new Database(file, { readonly: true })
    const tables = lite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'").all() as Array<{ name: string }>
    for (const { name } of tables) {
      const cols = lite.prepare(`PRAGMA table_info("${name}")`).all() as Array<{ name: string; type: string; notnull: number; pk: number }>
      sqliteShape[name] = Object.fromEntries(cols.map((c) => [c.name, { nullable: c.notnull === 0 && c.pk === 0, type: coarse(c.type) }]))
      const indexes = lite.prepare(`PRAGMA index_list("${name}")`).all() as Array<{ name: string; unique: number; origin: string }>
      sqliteIndexes[name] = indexes
        .filter((i) => i.origin !== 'pk')
        .map((i) => {
          const columns = (lite.prepare(`PRAGMA index_info("${i.name}")`).all() as Array<{ seqno: number; name: string }>).sort((a, b) => a.seqno - b.seqno).map((c) => c.name)
          return `${i.unique ? 'unique' : 'index'}(${columns.join(',')})`
        })
        .sort()
    }
    lite.close()

    const client = new pg.Client({ connectionString: pgUrl })
    await client.connect()
    const { rows } = await client.query<{ table_name: string; column_name: string; is_nullable: string; data_type: string }>(
      "SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
    )
    for (const r of rows) {
      pgShape[r.table_name] ??= {}
      pgShape[r.table_name]![r.column_name] = { nullable: r.is_nullable === 'YES', type: coarse(r.data_type) }
    }
    const indexRows = await client.query<{ table_name: string; is_unique: boolean; columns: string[] }>(`
      SELECT t.relname AS table_name, ix.indisunique AS is_unique,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_index ix
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE NOT ix.indisprimary AND t.relname <> '_prisma_migrations'
      GROUP BY ix.indexrelid, t.relname, ix.indisunique`)
    for (const table of Object.keys(pgShape)) pgIndexes[table] = []
    for (const r of indexRows.rows) pgIndexes[r.table_name]!.push(`${r.is_unique ? 'unique' : 'index'}(${r.columns.join(',')})`)
    for (const table of Object.keys(pgIndexes)) pgIndexes[table]!.sort()
    await client.end()
  })

  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true })
    await dropTestDatabase(pgUrl)
  })

  it('has the same tables and columns on SQLite and PostgreSQL', () => {
    expect(Object.keys(pgShape).sort()).toEqual(Object.keys(sqliteShape).sort())
    expect(pgShape).toEqual(sqliteShape)
  })

  it('has the same indexes and unique constraints on SQLite and PostgreSQL', () => {
    expect(Object.values(sqliteIndexes).flat().length).toBeGreaterThan(10)
    expect(pgIndexes).toEqual(sqliteIndexes)
  })

  it('matches the Prisma models (no model without its table, no column without its field)', () => {
    const models = Object.values(Prisma.ModelName)
    expect(Object.keys(sqliteShape).sort()).toEqual([...models].sort())
    for (const model of models) {
      const fields = (Prisma as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`]!
      expect(Object.keys(sqliteShape[model]!).sort()).toEqual(Object.values(fields).sort())
    }
  })
})
