/**
 * Boots the platform's moving parts in order: master key, chain (embedded anvil or external node), database
 * (migrated), DID registry (deployed once, then checked), Veramo agent, platform identity, demo data.
 * main.ts, tests and benchmarks all start CredGate through this one function.
 */
import path from 'node:path'
import type { JsonRpcProvider, NonceManager } from 'ethers'
import { buildAgent, type BuiltAgent } from '../../agent-config/src/create-agent.js'
import { answersChainId, startAnvil, type RunningAnvil } from './chain/anvil.js'
import { createChainProvider, createFunder, didPrefix } from './chain/provider.js'
import { ChainMismatchError, ensureDidRegistry } from './chain/registry.js'
import type { Config } from './config.js'
import { openDatabase, type Db } from './db.js'
import { migrateDatabase } from './db-migrate.js'
import { ensureDefaultAlertRules } from './domain/audit/alert-rules.js'
import { anchorAuditLog } from './domain/audit/anchor-audit-log.js'
import { reconcileOrganizationKeys } from './domain/organizations/reconcile-organization-keys.js'
import { startPeriodicJob } from './jobs/periodic-job.js'
import { recheckStaff } from './domain/monitoring/recheck-staff.js'
import { getStatusListCredentials } from './domain/status/publish-status-list.js'
import { batchLoader } from './domain/batch-loader.js'
import { notFound } from './domain/tenant-scope.js'
import { StatusListClient } from './domain/verification/status-list-client.js'
import { Verifier } from './domain/verification/verifier.js'
import { RateLimiter } from './http/rate-limit.js'
import { ensurePlatformOrganization } from './domain/organizations/ensure-platform-organization.js'
import { createLogger, type Logger } from './logger.js'
import { loadOrCreateMasterKeyFile } from './master-key-file.js'
import { readSetting, SettingKey, writeSetting } from './settings.js'
import { seedDemo } from '../../prisma/seed/seed-demo.js'

export interface ChainInfo {
  chainId: number
  rpcUrl: string
  registry: string
  didPrefix: string
}

export interface Platform extends BuiltAgent {
  verifier: Verifier
  rateLimiter: RateLimiter
  config: Config
  db: Db
  provider: JsonRpcProvider
  chain: ChainInfo
  funder: NonceManager | undefined
  masterKey: Buffer
  logger: Logger
  platformOrg: { id: string; did: string }
  anvil: RunningAnvil | undefined
  stop(): Promise<void>
}

export interface StartPlatformOptions {
  logger?: Logger
  /** Skip demo seeding even when the config enables it (tests seed what they need). */
  skipDemo?: boolean
  /** CLI use: when the embedded chain is already running (the server is up), use it instead of starting one. */
  attachToRunningChain?: boolean
  /** Do not start periodic jobs (the CLI runs one command and leaves). */
  noBackgroundJobs?: boolean
}

export async function startPlatform(config: Config, options: StartPlatformOptions = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger(config.logLevel)
  const cleanups: Array<() => Promise<void>> = []
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => logger.warn('shutdown step failed', { error: e }))
    cleanups.length = 0
  }
  try {
    const masterKey = config.masterKey ?? loadOrCreateMasterKeyFile(config.dataDir)

    let anvil: RunningAnvil | undefined
    let rpcUrl: string
    const embeddedUrl = config.chain.kind === 'embedded' ? `http://127.0.0.1:${config.chain.port}` : undefined
    if (embeddedUrl && options.attachToRunningChain && (await answersChainId(embeddedUrl))) {
      rpcUrl = embeddedUrl
    } else if (config.chain.kind === 'embedded') {
      anvil = await startAnvil({ port: config.chain.port, chainId: config.chain.chainId, stateFile: path.join(config.dataDir, 'chain-state.json') })
      cleanups.push(() => anvil!.stop())
      rpcUrl = anvil.rpcUrl
    } else {
      rpcUrl = config.chain.rpcUrl
    }
    const chainId = config.chain.chainId
    const provider = createChainProvider(rpcUrl, chainId)
    cleanups.push(async () => provider.destroy())
    const nodeChainId = Number(await provider.send('eth_chainId', []).catch((e: unknown) => {
      throw new ChainMismatchError(`cannot reach the chain at ${rpcUrl}: ${(e as Error).message}`)
    }))
    if (nodeChainId !== chainId) throw new ChainMismatchError(`CHAIN_ID is ${chainId} but the node at ${rpcUrl} reports ${nodeChainId}`)

    const applied = await migrateDatabase(config.database)
    if (applied.length > 0) logger.info('database migrated', { applied })
    const db = await openDatabase(config.database)
    cleanups.push(() => db.$disconnect())

    const recordedChain = await readSetting(db, SettingKey.chainId)
    if (recordedChain && Number(recordedChain) !== chainId) {
      throw new ChainMismatchError(`this database belongs to chain ${recordedChain}, not ${chainId}`)
    }
    const funder = config.funderPrivateKey ? createFunder(config.funderPrivateKey, provider) : undefined
    const registry = await ensureDidRegistry({
      provider,
      chainId,
      configured: config.chain.kind === 'external' ? config.chain.registry : undefined,
      recorded: await readSetting(db, SettingKey.registry),
      deployer: config.chain.kind === 'embedded' ? funder : undefined,
    })
    if (registry.deployed) logger.info('DID registry deployed', { address: registry.address, chainId })
    await writeSetting(db, SettingKey.chainId, String(chainId))
    await writeSetting(db, SettingKey.registry, registry.address)

    const built = buildAgent({ db, masterKey, provider, chainId, registry: registry.address, rpcUrl })
    await ensureDefaultAlertRules(db)
    const platformOrg = await ensurePlatformOrganization({ db, agent: built.agent, funder })

    const publicUrl = config.publicUrl
    let platformRef: Platform | undefined
    const statusLists = new StatusListClient(built.resolver, {
      prefix: `${publicUrl}/status/`,
      get: batchLoader((ids: string[]) => getStatusListCredentials(platformRef!, ids), () => notFound('Status list')),
    })
    const platform: Platform = {
      ...built,
      verifier: new Verifier({ db, resolver: built.resolver, statusLists }),
      rateLimiter: new RateLimiter(),
      config,
      db,
      provider,
      chain: { chainId, rpcUrl, registry: registry.address, didPrefix: didPrefix(chainId) },
      funder,
      masterKey,
      logger,
      platformOrg,
      anvil,
      stop,
    }
    platformRef = platform
    await reconcileOrganizationKeys(platform) // a key rotation cut short by a crash is completed, or reported
    if (config.demo.enabled && !options.skipDemo) await seedDemo(platform)
    if (!options.noBackgroundJobs && config.auditAnchorIntervalSeconds > 0) {
      const stopJob = startPeriodicJob('audit anchoring', config.auditAnchorIntervalSeconds * 1000, () => anchorAuditLog(platform), logger)
      cleanups.push(stopJob)
    }
    if (!options.noBackgroundJobs && config.monitorIntervalSeconds > 0) {
      cleanups.push(startPeriodicJob('staff monitoring', config.monitorIntervalSeconds * 1000, () => recheckStaff(platform), logger))
    }
    return platform
  } catch (error) {
    await stop()
    throw error
  }
}
