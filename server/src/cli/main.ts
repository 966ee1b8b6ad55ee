/**
 * `npm run cli -- <area> <command>`: operations from a terminal, against the same configuration as the
 * server (environment variables). Attaches to the embedded chain if the server is running, or starts it
 * from its saved state otherwise.
 *   audit verify                 recompute the hash chain and check every anchor the platform DID wrote on chain (exit 1 on tampering)
 *   audit anchor                 anchor the entries written since the last anchor
 *   audit proof <seq>            print an inclusion proof (JSON) for one entry
 *   audit verify-proof <file>    check an inclusion proof against the chain alone
 *   chain deploy-registry        deploy the EthereumDIDRegistry on ETH_RPC_URL (once; prints its address)
 *   licenses import <file.csv> --board <org id or DID>
 *                                import a CSV of licences for a board (exit 1 when rows failed; errors in <file>.errors.csv)
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { didEthrAddress } from '../../../agent-config/src/did-address.js'
import { getCreateAddress, Wallet } from 'ethers'
import { createChainProvider, createFunder } from '../chain/provider.js'
import { deployDidRegistry, hasContractCode } from '../chain/registry.js'
import { ConfigError, loadConfig } from '../config.js'
import { anchorAuditLog } from '../domain/audit/anchor-audit-log.js'
import { buildAuditInclusionProof, verifyAuditInclusionProof, type AuditInclusionProof } from '../domain/audit/audit-inclusion-proof.js'
import { verifyAuditChain } from '../domain/audit/verify-audit-chain.js'
import { formatImportErrorsCsv, LICENSE_IMPORT_LIMITS } from '../domain/imports/license-csv.js'
import { formatImportSummary, throttledProgress } from '../domain/imports/license-import-report.js'
import { processLicenseImport } from '../domain/imports/process-license-import.js'
import { findImportingBoard, startLicenseImport } from '../domain/imports/start-license-import.js'
import { createLogger } from '../logger.js'
import { startPlatform, type Platform } from '../platform.js'

type Command = (args: string[], platform: () => Promise<Platform>) => Promise<number>

const COMMANDS: Record<string, Command> = {
  'chain deploy-registry': async () => {
    const config = loadConfig()
    if (config.chain.kind !== 'external') throw new UsageError('chain deploy-registry needs ETH_RPC_URL and CHAIN_ID (the embedded chain deploys its own)')
    if (!config.funderPrivateKey) throw new UsageError('chain deploy-registry needs ETH_FUNDER_PRIVATE_KEY to pay for the deployment')
    const provider = createChainProvider(config.chain.rpcUrl, config.chain.chainId)
    try {
      const expected = getCreateAddress({ from: new Wallet(config.funderPrivateKey).address, nonce: 0 })
      const existing = config.chain.registry ?? ((await hasContractCode(provider, expected)) ? expected : undefined)
      const address = existing ?? (await deployDidRegistry(createFunder(config.funderPrivateKey, provider)))
      process.stdout.write(`${existing ? 'DID registry already deployed' : 'DID registry deployed'} at ${address} on chain ${config.chain.chainId}\nDID_REGISTRY_ADDRESS=${address}\n`)
      return 0
    } finally {
      provider.destroy()
    }
  },
  'audit verify': async (_args, open) => {
    const p = await open()
    const started = Date.now()
    const report = await verifyAuditChain({ db: p.db, provider: p.provider, registry: p.chain.registry, platformDid: p.platformOrg.did })
    const seconds = ((Date.now() - started) / 1000).toFixed(2)
    if (report.ok) {
      process.stdout.write(`audit chain OK: ${report.entries} entries, ${report.anchorsChecked} anchors verified on chain (through entry ${report.anchoredThrough}) in ${seconds} s\n`)
      return 0
    }
    const { message, seq, kind, anchor } = report.problem!
    // A root covers a range, not one entry: an anchor that no longer matches is named, not a guessed entry.
    const first = kind.startsWith('ANCHOR_') && anchor ? `first bad anchor: entries ${anchor.fromSeq}..${anchor.toSeq} in tx ${anchor.txHash}` : `first bad entry: ${seq}`
    process.stdout.write(`audit chain TAMPERED: ${message}\n  ${first} (${kind})\n`)
    return 1
  },
  'audit anchor': async (_args, open) => {
    const outcome = await anchorAuditLog(await open())
    process.stdout.write(`${JSON.stringify(outcome)}\n`)
    return 0
  },
  'audit proof': async (args, open) => {
    const seq = Number(args[0])
    if (!Number.isInteger(seq) || seq < 1) throw new UsageError('audit proof <seq>: seq must be a positive integer')
    const p = await open()
    const proof = await buildAuditInclusionProof(p.db, seq, { ...p.chain, platformAddress: didEthrAddress(p.platformOrg.did)! })
    process.stdout.write(`${JSON.stringify(proof, null, 2)}\n`)
    return 0
  },
  'audit verify-proof': async (args) => {
    if (!args[0]) throw new UsageError('audit verify-proof <file.json>')
    const proof = JSON.parse(fs.readFileSync(args[0], 'utf8')) as AuditInclusionProof
    const config = loadConfig()
    const rpcUrl = config.chain.kind === 'external' ? config.chain.rpcUrl : `http://127.0.0.1:${config.chain.port}`
    const provider = createChainProvider(rpcUrl, proof.anchor.chainId)
    const result = await verifyAuditInclusionProof(proof, provider)
    provider.destroy()
    process.stdout.write(result.valid ? `proof valid: entry ${proof.entry.seq} is in the log anchored in tx ${proof.anchor.txHash}\n` : `proof INVALID: ${result.reason}\n`)
    return result.valid ? 0 : 1
  },
  'licenses import': async (args, open) => {
    let board: string | undefined
    const files: string[] = []
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '--board') board = args[++i]
      else if (args[i]!.startsWith('--board=')) board = args[i]!.slice('--board='.length)
      else files.push(args[i]!)
    }
    const [file] = files
    if (!file || !board) throw new UsageError('licenses import <file.csv> --board <board organisation id or DID>')
    if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`)
    if (fs.statSync(file).size > LICENSE_IMPORT_LIMITS.maxBytes) throw new UsageError(`${file} is larger than ${LICENSE_IMPORT_LIMITS.maxBytes} bytes; split it`)
    const p = await open()
    const org = await findImportingBoard(p.db, board)
    const actor = { actorType: 'SYSTEM' as const, actor: `cli:${os.userInfo().username}` }
    const started = await startLicenseImport(p.db, { orgId: org.id, actor, fileName: path.basename(file), file: fs.readFileSync(file) })
    if (!started.run) {
      process.stdout.write(`import ${started.import.id} is being processed by another worker (${started.import.processed}/${started.import.totalRows} rows); try again later\n`)
      return 1
    }
    process.stderr.write(`${started.run.mode === 'resume' ? 'resuming' : 'importing'} ${started.import.totalRows} rows for ${org.name} (import ${started.import.id})\n`)
    const abort = new AbortController()
    const interrupt = () => abort.abort()
    process.once('SIGINT', interrupt)
    const began = Date.now()
    try {
      const result = await processLicenseImport(p, started.run, started.file, { signal: abort.signal, onProgress: throttledProgress((line) => process.stderr.write(`\r${line}`)) })
      process.stderr.write('\n')
      process.stdout.write(`${formatImportSummary(result, (Date.now() - began) / 1000)}\n`)
      if (result.errors.length > 0) {
        const report = `${file}.errors.csv`
        fs.writeFileSync(report, formatImportErrorsCsv(result.errors))
        process.stdout.write(`  ${result.errors.length} errors in ${result.failed} rows: ${report}\n`)
      }
      return result.status === 'DONE' && result.failed === 0 ? 0 : 1
    } finally {
      process.off('SIGINT', interrupt)
    }
  },
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const key = argv.slice(0, 2).join(' ')
  const command = COMMANDS[key]
  if (!command) {
    process.stderr.write(`usage: npm run cli -- <command>\ncommands:\n${Object.keys(COMMANDS).map((c) => `  ${c}`).join('\n')}\n`)
    return 2
  }
  let platform: Platform | undefined
  const open = async () => {
    const config = loadConfig()
    platform = await startPlatform(config, { logger: createLogger('warn', (line) => process.stderr.write(`${line}\n`)), skipDemo: true, attachToRunningChain: true, noBackgroundJobs: true })
    return platform
  }
  try {
    return await command(argv.slice(2), open)
  } finally {
    await platform?.stop()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) process.stderr.write(`credgate: ${error.message}\n`)
    else process.stderr.write(`credgate: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(error instanceof UsageError ? 2 : 1)
  },
)
