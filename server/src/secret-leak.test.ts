/**
 * No secret ever reaches the logs or an API response: a real server process runs a session of work at debug
 * log level (sign-ins, failed sign-ins, issuance, verification, errors), then its whole output and every
 * response body are searched for the master key, every private key in the key store, the demo password,
 * session tokens and CSRF tokens.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EncryptedPrivateKeyStore } from '../../agent-config/src/stores/encrypted-private-key-store.js'
import { ANVIL_DEV_PRIVATE_KEY } from './config.js'
import { freePort } from './chain/anvil.js'
import { openDatabase } from './db.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credgate-leak-'))

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

describe('secrets stay out of logs and responses', () => {
  it('a debug-level run leaks no key, password or token', async () => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), DATA_DIR: dataDir, PORT: String(port), CHAIN_PORT: String(await freePort()), LOG_LEVEL: 'debug', DEMO_PASSWORD: 'demo-secret-pass-9271' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const bodies: string[] = []
    const tokens: string[] = []
    try {
      const deadline = Date.now() + 60_000
      while (!output.includes('CredGate is ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      const gql = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
        const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) })
        const cookie = res.headers.get('set-cookie')
        if (cookie) tokens.push(cookie.split(';')[0]!.split('=')[1]!)
        const text = await res.text()
        bodies.push(text)
        return { cookie: cookie?.split(';')[0], body: JSON.parse(text) as { data?: Record<string, { csrfToken?: string }> } }
      }
      await gql('mutation { login(email: "board@demo.test", password: "wrong-password") { csrfToken } }')
      const login = await gql('mutation { login(email: "board@demo.test", password: "demo-secret-pass-9271") { csrfToken } }')
      const csrf = login.body.data!.login!.csrfToken!
      tokens.push(csrf)
      const auth = { cookie: login.cookie!, 'x-csrf-token': csrf }
      const issued = await gql(
        'mutation($i: LicenseInput!) { issueLicense(input: $i) { id jwt } }',
        { i: { subjectDid: 'did:ethr:0x539:0x1111111111111111111111111111111111111111', name: 'Dr. Leak Test', licenseType: 'MD', licenseNumber: 'L123456', jurisdiction: 'US-CA', specialty: 'Surgery', npi: '1245319599', validUntil: new Date(Date.now() + 86_400_000).toISOString() } },
        auth,
      )
      const jwt = (issued.body.data as { issueLicense: { jwt: string } }).issueLicense.jwt
      bodies.push(await (await fetch(`${base}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: jwt }) })).text())
      bodies.push(await (await fetch(`${base}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"broken' })).text())
      const created = await gql('mutation { createApiToken(name: "leak test", scopes: ["credentials:issue"]) { token } }', {}, auth)
      tokens.push((created.body.data as { createApiToken: { token: string } }).createApiToken.token)
      await gql('{ issuedCredentials { items { id jwt claims } } auditEntries { details } }', {}, auth)
      await gql('{ __typename nope }')
    } finally {
      child.kill('SIGTERM')
      await exited
    }

    const secrets: Array<[string, string]> = [
      ['master key', fs.readFileSync(path.join(dataDir, 'master.key'), 'utf8').trim()],
      ['demo password', 'demo-secret-pass-9271'],
      ['anvil funder key', ANVIL_DEV_PRIVATE_KEY.slice(2)],
    ]
    const db = await openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'credgate.db') })
    const masterKey = Buffer.from(secrets[0]![1], 'hex')
    for (const row of await db.encryptedPrivateKey.findMany()) {
      secrets.push([`private key ${row.alias}`, (await new EncryptedPrivateKeyStore(db, masterKey).getKey({ alias: row.alias })).privateKeyHex])
    }
    await db.$disconnect()
    expect(secrets.length).toBeGreaterThan(5)
    expect(tokens.length).toBe(3) // the session token, its CSRF token, an API token
    const responses = bodies.join('\n').toLowerCase()
    for (const [name, value] of secrets) {
      expect(output.toLowerCase().includes(value.toLowerCase()), `${name} in the logs`).toBe(false)
      expect(responses.includes(value.toLowerCase()), `${name} in a response`).toBe(false)
    }
    for (const token of tokens) expect(output.includes(token), 'a session, CSRF or API token in the logs').toBe(false)
  })
})
