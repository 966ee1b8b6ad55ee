/**
 * The one Prisma client of the process. Only this file knows which database is underneath:
 * SQLite (embedded default, better-sqlite3 adapter) or PostgreSQL (production, pg adapter).
 * Both generated clients share one model definition (prisma/models.prisma), so the SQLite client's type
 * stands for both.
 */
import fs from 'node:fs'
import path from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient as SqliteClient } from '../../prisma/generated/sqlite/client.ts'
import { PrismaClient as PostgresClient } from '../../prisma/generated/postgres/client.ts'
import type { DatabaseConfig } from './config.js'

export type Db = InstanceType<typeof SqliteClient>
/** A client or an interactive-transaction client: what domain functions take to join a transaction. */
export type DbTx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>

/**
 * Interactive transactions wait up to 10 s for a connection (Prisma's default, 2 s, fails bursts of
 * concurrent writers that queue on the audit head) and may run 30 s (bulk issuance batches).
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 }

export interface OpenDatabaseOptions {
  /** Max pool size for PostgreSQL. */
  poolSize?: number
}

/**
 * SQLite rolls a transaction back by itself when a write fails with SQLITE_FULL (disk full) or SQLITE_IOERR;
 * Prisma's ROLLBACK then fails ("no transaction is active") and the adapter never releases its transaction
 * lock, so every later transaction would wait forever. This factory makes a ROLLBACK of an already rolled-back
 * transaction a no-op, so a full disk is one clean error and the server keeps working once space is freed.
 */
class SqliteAdapterFactory extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect()
    const startTransaction = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (...args: Parameters<typeof startTransaction>) => {
      const tx = await startTransaction(...args)
      const client = (tx as unknown as { client: { inTransaction: boolean } }).client
      for (const method of ['executeRaw', 'queryRaw'] as const) {
        const original = (tx[method] as (q: { sql: string }) => Promise<unknown>).bind(tx)
        ;(tx as unknown as Record<string, unknown>)[method] = (query: { sql: string }) =>
          /^\s*ROLLBACK\b/i.test(query.sql) && !client.inTransaction ? Promise.resolve(method === 'executeRaw' ? 0 : { columnNames: [], columnTypes: [], rows: [] }) : original(query)
      }
      return tx
    }
    return adapter
  }
}

/**
 * PostgreSQL gone in the middle of a transaction (a restart, a failover, a killed backend): Prisma's COMMIT or
 * ROLLBACK then fails, and Prisma never calls the adapter's commit()/rollback(), the only place the pooled
 * connection is released. Each such transaction leaked a connection for good; after `poolSize` of them every
 * query waited forever and the server never recovered (seen restarting the database under load,
 * faults.postgres.test.ts). This factory discards the connection when COMMIT or ROLLBACK fails, exactly once.
 */
class PostgresAdapterFactory extends PrismaPg {
  override async connect() {
    const adapter = await super.connect()
    const startTransaction = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (...args: Parameters<typeof startTransaction>) => {
      const tx = await startTransaction(...args)
      const inner = tx as unknown as { client: { release(error?: Error): void }; cleanup?: () => void }
      let released = false
      const once = (release: () => Promise<void>) => async () => {
        if (released) return
        released = true
        await release()
      }
      tx.commit = once(tx.commit.bind(tx))
      tx.rollback = once(tx.rollback.bind(tx))
      const executeRaw = tx.executeRaw.bind(tx)
      tx.executeRaw = async (query: Parameters<typeof executeRaw>[0]) => {
        try {
          return await executeRaw(query)
        } catch (error) {
          if (!released && /^\s*(COMMIT|ROLLBACK)\b/i.test(query.sql)) {
            released = true
            inner.cleanup?.()
            inner.client.release(error instanceof Error ? error : new Error(String(error))) // with an error: the pool drops it
          }
          throw error
        }
      }
      return tx
    }
    return adapter
  }
}

/** How long a query waits for a pooled PostgreSQL connection before failing UNAVAILABLE (an unreachable host, a drained pool). */
const CONNECT_TIMEOUT_MS = 10_000

export async function openDatabase(config: DatabaseConfig, options: OpenDatabaseOptions = {}): Promise<Db> {
  if (config.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(config.file), { recursive: true })
    const adapter = new SqliteAdapterFactory({ url: config.file, timeout: 10_000 })
    const db = new SqliteClient({ adapter, transactionOptions: TRANSACTION_OPTIONS })
    await db.$connect()
    // WAL is persistent (set by the migrator); synchronous is per connection.
    await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL')
    await db.$queryRawUnsafe('PRAGMA foreign_keys = ON')
    // Erased records (crypto-shredding) are overwritten in the file, not just unlinked from the b-tree.
    await db.$queryRawUnsafe('PRAGMA secure_delete = ON')
    return db
  }
  const adapter = new PostgresAdapterFactory({ connectionString: config.url, max: options.poolSize ?? 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS })
  const db = new PostgresClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }) as unknown as Db
  await db.$connect()
  return db
}

/** True when the database answers a trivial query. */
export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await db.$queryRawUnsafe('SELECT 1')
    return true
  } catch {
    return false
  }
}

/** Which flavour a client talks to (for the few places that need provider-specific SQL). */
export function databaseKind(config: DatabaseConfig): DatabaseConfig['kind'] {
  return config.kind
}
