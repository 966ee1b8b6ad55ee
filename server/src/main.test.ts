/** The real `npm start` entry point, as a child process: bad configuration, boot, readiness, graceful stop. */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { answersChainId, freePort } from './chain/anvil.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')
const dirs: string[] = []

function run(env: Record<string, string>) {
  const child = spawn(TSX, ['server/src/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, exited, out: () => stdout, err: () => stderr }
}

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

describe('npm start (server/src/main.ts)', () => {
  it('exits non-zero with one line per bad setting and no stack trace', async () => {
    const proc = run({ PORT: 'eighty', CHAIN_ID: 'x' })
    const code = await proc.exited
    expect(code).not.toBe(0)
    const err = proc.err()
    expect(err).toContain('PORT: must be a number (got "eighty")')
    expect(err).toContain('CHAIN_ID: must be a number')
    expect(err).not.toMatch(/\n\s+at /) // no stack frames
  })

  it('boots with the embedded default, answers /readyz, and stops cleanly on SIGTERM (anvil included)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credgate-main-'))
    dirs.push(dataDir)
    const port = await freePort()
    const chainPort = await freePort()
    const proc = run({ DATA_DIR: dataDir, PORT: String(port), CHAIN_PORT: String(chainPort), LOG_LEVEL: 'warn' })
    const deadline = Date.now() + 60_000
    while (!proc.out().includes('CredGate is ready') && Date.now() < deadline && proc.child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(proc.out()).toContain('hr@demo.test')
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`)
    expect(ready.status).toBe(200)
    const body = (await ready.json()) as { database: { ok: boolean }; chain: { chainId: number; registry: string; blockNumber: number; didPrefix: string } }
    expect(body.database.ok).toBe(true)
    expect(body.chain).toMatchObject({ chainId: 1337, didPrefix: 'did:ethr:0x539' })
    expect(body.chain.registry).toMatch(/^0x[0-9a-fA-F]{40}$/)
    expect(body.chain.blockNumber).toBeGreaterThan(0)
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)

    proc.child.kill('SIGTERM')
    expect(await proc.exited).toBe(0)
    // the chain is gone with it, and its state was saved
    await expect(fetch(`http://127.0.0.1:${chainPort}`, { method: 'POST', body: '{}' })).rejects.toThrow()
    expect(fs.existsSync(path.join(dataDir, 'chain-state.json'))).toBe(true)
  })

  it('stops the embedded chain too when stopped in the middle of start-up', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credgate-main-'))
    dirs.push(dataDir)
    const chainPort = await freePort()
    const proc = run({ DATA_DIR: dataDir, PORT: String(await freePort()), CHAIN_PORT: String(chainPort), LOG_LEVEL: 'warn' })
    const deadline = Date.now() + 60_000
    while (!(await answersChainId(`http://127.0.0.1:${chainPort}`)) && Date.now() < deadline && proc.child.exitCode === null) await new Promise((r) => setTimeout(r, 20))
    proc.child.kill('SIGTERM') // the chain is up; the database is being migrated and seeded (or the server just got ready)
    await proc.exited
    const gone = Date.now() + 10_000
    while ((await answersChainId(`http://127.0.0.1:${chainPort}`)) && Date.now() < gone) await new Promise((r) => setTimeout(r, 100))
    expect(await answersChainId(`http://127.0.0.1:${chainPort}`)).toBe(false)
  })
})
