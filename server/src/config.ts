/**
 * Every environment variable CredGate reads, parsed and validated once at start-up.
 * `loadConfig` never throws a stack trace at a person: bad values become a ConfigError that lists one
 * line per problem, which main.ts prints before exiting non-zero.
 */
import path from 'node:path'
import { z } from 'zod'

/** The well-known first anvil development account (public test key, funded only on dev chains). */
export const ANVIL_DEV_PRIVATE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }

export type ChainConfig =
  | { kind: 'embedded'; port: number; chainId: number }
  | { kind: 'external'; rpcUrl: string; chainId: number; registry: string | undefined }

export interface Config {
  nodeEnv: 'development' | 'production' | 'test'
  host: string
  port: number
  /** Base URL others use to reach this server (status list URLs are built on it). */
  publicUrl: string
  dataDir: string
  database: DatabaseConfig
  chain: ChainConfig
  /** Hex private key that funds organisation DIDs' gas on the chain. */
  funderPrivateKey: string | undefined
  /** 32-byte master key; undefined in the embedded default, where it is kept in DATA_DIR/master.key. */
  masterKey: Buffer | undefined
  demo: { enabled: boolean; password: string }
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  /** Seconds between audit anchoring runs (0 disables the timer; anchoring on demand still works). */
  auditAnchorIntervalSeconds: number
  /** Seconds between re-checks of hired clinicians' credentials (0 disables the timer). */
  monitorIntervalSeconds: number
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const port = z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(1, 'must be 1-65535').max(65535, 'must be 1-65535')

const hexKey = /^(0x)?[0-9a-fA-F]{64}$/
const b64Key = /^[A-Za-z0-9+/_-]{43}=?$/

function parseMasterKey(value: string): Buffer | undefined {
  if (hexKey.test(value)) return Buffer.from(value.replace(/^0x/, ''), 'hex')
  if (b64Key.test(value)) {
    const buf = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    return buf.length === 32 ? buf : undefined
  }
  return undefined
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'must be development, production or test' }).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  PUBLIC_URL: z.url({ message: 'must be an absolute URL, e.g. https://credgate.example.org' }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(postgres|postgresql):\/\//.test(v) || v.startsWith('file:'), {
      message: 'must start with postgresql:// (PostgreSQL) or file: (SQLite)',
    })
    .optional(),
  ETH_RPC_URL: z.url({ message: 'must be an http(s) or ws(s) URL of an Ethereum JSON-RPC node' }).optional(),
  CHAIN_PORT: port.default(8545),
  CHAIN_ID: z.coerce.number({ message: 'must be a number' }).int('must be an integer').positive('must be positive').optional(),
  DID_REGISTRY_ADDRESS: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address').optional(),
  ETH_FUNDER_PRIVATE_KEY: z.string().regex(hexKey, 'must be a 32-byte hex private key').optional(),
  MASTER_KEY: z
    .string()
    .refine((v) => parseMasterKey(v) !== undefined, { message: 'must be 32 bytes as 64 hex characters or base64' })
    .optional(),
  DEMO: z.enum(['0', '1', 'true', 'false'], { message: 'must be true or false' }).optional(),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('credgate-demo'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { message: 'must be debug, info, warn or error' }).default('info'),
  AUDIT_ANCHOR_INTERVAL_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(0).default(300),
  MONITOR_INTERVAL_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(0).default(60),
})

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Treat empty strings as unset, as shells and compose files often pass them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = EnvSchema.safeParse(cleaned)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}${shownValue(env, i.path)}`))
  }
  const e = parsed.data
  const problems: string[] = []
  const production = e.NODE_ENV === 'production'
  const dataDir = path.resolve(e.DATA_DIR)

  let database: DatabaseConfig
  if (!e.DATABASE_URL) database = { kind: 'sqlite', file: path.join(dataDir, 'credgate.db') }
  else if (e.DATABASE_URL.startsWith('file:')) database = { kind: 'sqlite', file: path.resolve(e.DATABASE_URL.slice('file:'.length)) }
  else database = { kind: 'postgres', url: e.DATABASE_URL }

  let chain: ChainConfig
  if (e.ETH_RPC_URL) {
    if (e.CHAIN_ID === undefined) problems.push('CHAIN_ID: required when ETH_RPC_URL is set')
    if (production && !e.DID_REGISTRY_ADDRESS) problems.push('DID_REGISTRY_ADDRESS: required in production with ETH_RPC_URL')
    chain = { kind: 'external', rpcUrl: e.ETH_RPC_URL, chainId: e.CHAIN_ID ?? 0, registry: e.DID_REGISTRY_ADDRESS }
  } else {
    if (production) problems.push('ETH_RPC_URL: required in production (the embedded dev chain is for demos)')
    if (e.DID_REGISTRY_ADDRESS) problems.push('DID_REGISTRY_ADDRESS: only meaningful with ETH_RPC_URL (the embedded chain deploys its own)')
    chain = { kind: 'embedded', port: e.CHAIN_PORT, chainId: e.CHAIN_ID ?? 1337 }
  }

  const masterKey = e.MASTER_KEY ? parseMasterKey(e.MASTER_KEY) : undefined
  if (production && !masterKey) problems.push('MASTER_KEY: required in production (32 bytes, hex or base64)')
  if (production && database.kind === 'sqlite') problems.push('DATABASE_URL: production needs PostgreSQL (postgresql://...)')

  const funderPrivateKey = e.ETH_FUNDER_PRIVATE_KEY ?? (chain.kind === 'embedded' ? ANVIL_DEV_PRIVATE_KEY : undefined)
  const demoEnabled = production ? false : e.DEMO === undefined ? true : e.DEMO === '1' || e.DEMO === 'true'
  if (production && (e.DEMO === '1' || e.DEMO === 'true')) problems.push('DEMO: demo accounts are never created in production')

  if (problems.length > 0) throw new ConfigError(problems)

  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir,
    database,
    chain,
    funderPrivateKey,
    masterKey,
    demo: { enabled: demoEnabled, password: e.DEMO_PASSWORD },
    logLevel: e.LOG_LEVEL,
    auditAnchorIntervalSeconds: e.AUDIT_ANCHOR_INTERVAL_SECONDS,
    monitorIntervalSeconds: e.MONITOR_INTERVAL_SECONDS,
  }
}

const SECRET_VARS = new Set(['MASTER_KEY', 'ETH_FUNDER_PRIVATE_KEY', 'DEMO_PASSWORD', 'DATABASE_URL'])

function shownValue(env: NodeJS.ProcessEnv, pathParts: ReadonlyArray<PropertyKey>): string {
  const name = String(pathParts[0] ?? '')
  const value = env[name]
  if (value === undefined || SECRET_VARS.has(name)) return ''
  return ` (got "${value.length > 60 ? `${value.slice(0, 60)}...` : value}")`
}
