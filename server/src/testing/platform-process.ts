/**
 * Another CredGate process on a test platform's chain, database and master key (as a second instance behind
 * a load balancer would be), for faults that need a real process to kill: SIGKILL during issuance or import.
 * Started with `node --import tsx` rather than the tsx CLI, which would spawn a second process that a
 * SIGKILL of ours does not reach.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../chain/anvil.js'
import type { TestPlatform } from './test-platform.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..')

export interface PlatformProcess {
  readonly child: ChildProcess
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>
  /** stdout and stderr so far (the last 64 KB). */
  output(): string
  /** Resolves when the output matches `pattern`; rejects when the process exits first or `ms` pass. */
  waitForOutput(pattern: RegExp, ms: number): Promise<void>
  /** SIGKILL, and wait for the process to be gone. */
  kill(): Promise<void>
}

/** Runs `script` (relative to the repository root) configured from the environment, like any instance. */
export function spawnPlatformProcess(p: TestPlatform, script: string, env: Record<string, string> = {}): PlatformProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...instanceEnv(p), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const append = (d: Buffer) => (out = (out + d.toString()).slice(-65_536))
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  // Never outlive the test worker.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  void exited.then(() => process.removeListener('exit', killOnExit))

  return {
    child,
    exited,
    output: () => out,
    waitForOutput: async (pattern, ms) => {
      const deadline = Date.now() + ms
      while (!pattern.test(out)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${script} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${out}`)
        if (Date.now() > deadline) throw new Error(`${script} did not print ${pattern} within ${ms} ms:\n${out}`)
        await new Promise((r) => setTimeout(r, 25))
      }
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}

export interface ServerProcess extends PlatformProcess {
  baseUrl: string
}

/** The real server entry (server/src/main.ts) on its own port, resolved once it says it is ready. */
export async function startServerProcess(p: TestPlatform): Promise<ServerProcess> {
  const port = await freePort()
  const server = spawnPlatformProcess(p, 'server/src/main.ts', { PORT: String(port) })
  try {
    await server.waitForOutput(/CredGate is ready/, 60_000)
  } catch (error) {
    await server.kill()
    throw error
  }
  return Object.assign(server, { baseUrl: `http://127.0.0.1:${port}` })
}

/** The environment of an instance sharing the platform's chain, database and master key (no demo, no timers). */
function instanceEnv(p: TestPlatform): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    DATA_DIR: p.dataDir,
    ...(p.databaseUrl ? { DATABASE_URL: p.databaseUrl } : {}),
    ETH_RPC_URL: p.chain.rpcUrl,
    CHAIN_ID: String(p.chain.chainId),
    DID_REGISTRY_ADDRESS: p.chain.registry,
    ...(p.config.funderPrivateKey ? { ETH_FUNDER_PRIVATE_KEY: p.config.funderPrivateKey } : {}),
    // Behind one load balancer every instance has the same public URL (status list URLs are built on it).
    PUBLIC_URL: p.config.publicUrl,
    // Every process on one database must hold the same master key (it wraps the organisations' keys).
    MASTER_KEY: p.masterKey.toString('hex'),
    DEMO: 'false',
    AUDIT_ANCHOR_INTERVAL_SECONDS: '0',
    MONITOR_INTERVAL_SECONDS: '0',
  }
}
