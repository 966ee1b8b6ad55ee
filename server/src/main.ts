/**
 * `npm start`: validate configuration, boot the platform, serve HTTP, shut down gracefully on SIGTERM/SIGINT
 * (stop accepting, finish in-flight requests, close the database, stop the embedded chain).
 */
import type { Server } from 'node:http'
import { createApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { createLogger } from './logger.js'
import { startPlatform } from './platform.js'
import { stopLicenseImports } from './domain/imports/import-licenses.js'
import { DEMO_LOGINS } from '../../prisma/seed/seed-demo.js'

/** Until the server listens, a signal ends start-up at once (the embedded chain's exit hook stops anvil too). */
function abortStartUp(signal: NodeJS.Signals): void {
  process.stderr.write(`credgate: ${signal} during start-up; stopped\n`)
  process.exit(1)
}

async function main(): Promise<void> {
  const started = Date.now()
  process.once('SIGTERM', abortStartUp)
  process.once('SIGINT', abortStartUp)
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`credgate: ${error.message}\n`)
      process.exit(2)
    }
    throw error
  }
  const logger = createLogger(config.logLevel)
  const platform = await startPlatform(config, { logger })
  const app = createApp(platform)
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s))
    s.once('error', reject)
  }).catch(async (error: NodeJS.ErrnoException) => {
    await platform.stop()
    throw new Error(error.code === 'EADDRINUSE' ? `port ${config.port} is already in use; set PORT to a free port` : error.message)
  })
  server.keepAliveTimeout = 5_000

  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const lines = [
    '',
    `CredGate is ready in ${seconds} s`,
    `  dashboard   ${config.publicUrl}/`,
    `  GraphQL     ${config.publicUrl}/graphql`,
    `  readiness   ${config.publicUrl}/readyz`,
    `  chain       ${platform.chain.rpcUrl} (chain id ${platform.chain.chainId}, registry ${platform.chain.registry})`,
    `  database    ${config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL'}`,
  ]
  if (config.demo.enabled) {
    lines.push('  demo logins (password from DEMO_PASSWORD, default credgate-demo):')
    for (const login of DEMO_LOGINS) lines.push(`    ${login.email.padEnd(18)} ${login.roles.join(', ')}`)
    lines.push(`  demo wallets: ${config.dataDir}/demo-wallets.json (clinicians' and patients' own keys)`)
  }
  process.stdout.write(`${lines.join('\n')}\n\n`)

  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal })
    const force = setTimeout(() => {
      logger.warn('in-flight requests did not finish within 10 s; closing anyway')
      server.closeAllConnections()
    }, 10_000)
    force.unref()
    server.close(async () => {
      clearTimeout(force)
      await stopLicenseImports() // running imports stop after their current batch, resumable
      await platform.stop()
      logger.info('stopped')
      process.exit(0)
    })
    server.closeIdleConnections()
  }
  process.removeListener('SIGTERM', abortStartUp)
  process.removeListener('SIGINT', abortStartUp)
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`credgate: failed to start: ${message}\n`)
  process.exit(1)
})
