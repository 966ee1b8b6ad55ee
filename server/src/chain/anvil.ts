/**
 * The embedded development chain: anvil (from the @foundry-rs/anvil-linux-amd64 npm package) as a child
 * process on 127.0.0.1, its state persisted in a file so that a restart keeps every DID change and anchor.
 * anvil dumps state on SIGTERM and every second (--state-interval 1), so even a SIGKILL loses at most ~1 s.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

export interface AnvilOptions {
  port: number
  chainId: number
  /** File where anvil keeps its state between runs; omit for a throw-away chain (tests). */
  stateFile?: string
  host?: string
  /** Block time in seconds; default: mine a block per transaction. */
  blockTime?: number
}

export interface RunningAnvil {
  rpcUrl: string
  port: number
  chainId: number
  stop(): Promise<void>
  /** SIGKILL, for fault tests. */
  kill(): void
  readonly process: ChildProcess
}

export function anvilBinary(): string {
  const pkg = path.dirname(require.resolve('@foundry-rs/anvil-linux-amd64/package.json'))
  const bin = path.join(pkg, 'bin', 'anvil')
  fs.chmodSync(bin, 0o755)
  return bin
}

export class ChainStartError extends Error {
  override name = 'ChainStartError'
}

function isPortInUse(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

export async function startAnvil(options: AnvilOptions): Promise<RunningAnvil> {
  const host = options.host ?? '127.0.0.1'
  if (await isPortInUse(options.port, host)) {
    throw new ChainStartError(`port ${options.port} on ${host} is already in use (another chain or server?); set CHAIN_PORT to a free port`)
  }
  const args = ['--host', host, '--port', String(options.port), '--chain-id', String(options.chainId), '--silent']
  if (options.blockTime) args.push('--block-time', String(options.blockTime))
  if (options.stateFile) {
    fs.mkdirSync(path.dirname(options.stateFile), { recursive: true })
    checkStateFile(options.stateFile)
    args.push('--state', options.stateFile, '--state-interval', '1')
  }
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] })
  // Never outlive the process that started the chain (a crashed test worker or server). SIGTERM, so that
  // anvil still saves its state after we are gone.
  const killOnExit = () => child.kill('SIGTERM')
  process.once('exit', killOnExit)
  child.once('exit', () => process.removeListener('exit', killOnExit))
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const rpcUrl = `http://${host}:${options.port}`
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const deadline = Date.now() + 20_000
  for (;;) {
    const early = await Promise.race([exited.then((code) => ({ code })), delay(100).then(() => undefined)])
    if (early) throw new ChainStartError(`anvil exited with code ${early.code} before it was ready: ${stderr.trim() || 'no output'}`)
    if (await answersChainId(rpcUrl)) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new ChainStartError(`anvil did not answer on ${rpcUrl} within 20 s`)
    }
  }

  return {
    rpcUrl,
    port: options.port,
    chainId: options.chainId,
    process: child,
    kill: () => {
      child.kill('SIGKILL')
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM') // anvil dumps its state on SIGTERM
      const done = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)])
      if (!done) child.kill('SIGKILL')
    },
  }
}

/**
 * anvil rewrites its state file in place every second: a crash in the middle of a write leaves it cut short,
 * and anvil then refuses to start with a JSON error. Say so plainly, and keep a copy of the state as it was
 * at each clean start so the person can choose to go back to it (never done silently: the chain would lose
 * DID changes the database relies on).
 */
export function checkStateFile(stateFile: string): void {
  if (!fs.existsSync(stateFile)) return
  const lastStart = `${stateFile}.last-start`
  try {
    JSON.parse(fs.readFileSync(stateFile, 'utf8'))
  } catch {
    const fallback = fs.existsSync(lastStart)
      ? ` The chain as it was at the last clean start is in ${lastStart}: copy it over ${path.basename(stateFile)} to go on from there (chain changes made since are lost, so the database may disagree with the chain), or`
      : ''
    throw new ChainStartError(`${stateFile} is damaged (cut short by a crash while anvil was saving it).${fallback} move the data directory away to start over with a new chain and database.`)
  }
  fs.copyFileSync(stateFile, `${lastStart}.tmp`)
  fs.renameSync(`${lastStart}.tmp`, lastStart)
}

export async function answersChainId(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1000),
    })
    return res.ok
  } catch {
    return false
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** A free TCP port on 127.0.0.1 (for tests that start their own chain or server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}
