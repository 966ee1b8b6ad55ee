/**
 * Starts a real platform for a test: its own anvil on a free port, its own SQLite file or PostgreSQL
 * database (created here and dropped at stop), a random master key. Nothing is mocked.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { freePort } from '../chain/anvil.js'
import { loadConfig, type Config } from '../config.js'
import { createLogger, silentLogger } from '../logger.js'
import { startPlatform, type Platform } from '../platform.js'

export const TEST_PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

export interface TestPlatformOptions {
  database?: 'sqlite' | 'postgres'
  /** Reuse a data dir / database from an earlier platform (restart tests). */
  dataDir?: string
  databaseUrl?: string
  chainPort?: number
  /** HTTP port the test will serve on (sets PUBLIC_URL); default a free port. */
  port?: number
  demo?: boolean
  env?: Record<string, string>
}

export interface TestPlatform extends Platform {
  dataDir: string
  databaseUrl: string | undefined
  /** Stops the platform, then removes the data dir and drops the database. */
  destroy(): Promise<void>
}

export async function createTestDatabase(): Promise<string> {
  const name = `cg_test_${crypto.randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(TEST_PG_ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1)
  if (!/^cg_test_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}`)
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}

export function testConfig(options: { dataDir: string; chainPort: number; port: number; databaseUrl?: string; demo?: boolean; env?: Record<string, string> }): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: options.dataDir,
    CHAIN_PORT: String(options.chainPort),
    PORT: String(options.port),
    DEMO: options.demo ? 'true' : 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    AUDIT_ANCHOR_INTERVAL_SECONDS: '0',
    MONITOR_INTERVAL_SECONDS: '0',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  })
}

export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'credgate-test-'))
  const databaseUrl = options.databaseUrl ?? (options.database === 'postgres' ? await createTestDatabase() : undefined)
  const chainPort = options.chainPort ?? (await freePort())
  const port = options.port ?? (await freePort())
  const config = testConfig({ dataDir, chainPort, port, ...(databaseUrl ? { databaseUrl } : {}), demo: options.demo ?? false, ...(options.env ? { env: options.env } : {}) })
  const platform = await startPlatform(config, { logger: process.env.TEST_LOG_LEVEL ? createLogger(config.logLevel) : silentLogger })
  return Object.assign(platform, {
    dataDir,
    databaseUrl,
    destroy: async () => {
      await platform.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
      if (databaseUrl && !options.databaseUrl) await dropTestDatabase(databaseUrl)
    },
  })
}

/** Another server instance on the same database and chain (and master key), as behind a load balancer. */
export async function startSecondInstance(first: TestPlatform): Promise<Platform> {
  const config = testConfig({
    dataDir: first.dataDir,
    chainPort: first.config.chain.kind === 'embedded' ? first.config.chain.port : 0,
    port: await freePort(),
    ...(first.databaseUrl ? { databaseUrl: first.databaseUrl } : {}),
    // Behind one load balancer, every instance has the same public URL.
    env: { ETH_RPC_URL: first.chain.rpcUrl, CHAIN_ID: String(first.chain.chainId), DID_REGISTRY_ADDRESS: first.chain.registry, PUBLIC_URL: first.config.publicUrl },
  })
  return startPlatform({ ...config, funderPrivateKey: first.config.funderPrivateKey, masterKey: first.masterKey }, { logger: silentLogger, noBackgroundJobs: true })
}
