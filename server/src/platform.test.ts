import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from './chain/anvil.js'
import { anchorAuditLog } from './domain/audit/anchor-audit-log.js'
import { verifyAuditChain } from './domain/audit/verify-audit-chain.js'
import { startTestPlatform, type TestPlatform } from './testing/test-platform.js'
import { DEMO_LOGINS, readDemoWallets } from '../../prisma/seed/seed-demo.js'

describe('embedded platform (anvil + SQLite), demo mode', () => {
  let first: TestPlatform
  let dataDir: string
  let chainPort: number
  let docsBefore: Record<string, unknown>

  beforeAll(async () => {
    chainPort = await freePort()
    first = await startTestPlatform({ demo: true, chainPort })
    dataDir = first.dataDir
  })
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('seeds the demo once: trust anchor, board for US-CA, hospital, staff logins, people with their own keys', async () => {
    const orgs = await first.db.organization.findMany({ orderBy: { kind: 'asc' } })
    expect(orgs.map((o) => o.kind).sort()).toEqual(['BOARD', 'HOSPITAL', 'PLATFORM', 'TRUST_ANCHOR'])
    expect(orgs.find((o) => o.kind === 'BOARD')?.jurisdiction).toBe('US-CA')
    for (const org of orgs) expect(org.did.startsWith(`${first.chain.didPrefix}:0x`)).toBe(true)
    const emails = (await first.db.staffAccount.findMany()).map((a) => a.email).sort()
    expect(emails).toEqual(DEMO_LOGINS.map((l) => l.email).sort())
    const wallets = readDemoWallets(dataDir)
    expect(wallets?.clinicians).toHaveLength(2)
    expect(wallets?.patients).toHaveLength(2)
    // Changes on chain that a restart must keep: a service on the platform DID and an audit anchor.
    const platformOrg = orgs.find((o) => o.kind === 'PLATFORM')!
    await first.agent.didManagerAddService({ did: platformOrg.did, service: { id: `${platformOrg.did}#home`, type: 'LinkedDomains', serviceEndpoint: 'https://credgate.example.org' } })
    expect((await anchorAuditLog(first)).status).toBe('anchored')
    docsBefore = {}
    for (const org of orgs) {
      const result = await first.resolver.resolve(org.did)
      expect(result.didResolutionMetadata.error).toBeUndefined()
      docsBefore[org.did] = result.didDocument
    }
  })

  it('never stores a private key in plaintext', async () => {
    const keys = await first.db.managedKey.findMany()
    expect(keys.length).toBeGreaterThanOrEqual(4)
    // Pull each private key through the KMS (the only way out) and look for it in the raw database file.
    const privateHexes: string[] = []
    for (const key of keys) {
      const row = await first.db.encryptedPrivateKey.findFirst({ where: { alias: key.kid } })
      expect(row?.ciphertext.startsWith('v1.')).toBe(true)
      privateHexes.push(row!.ciphertext)
    }
    const store = await import('../../agent-config/src/stores/encrypted-private-key-store.js')
    const clear = await Promise.all(keys.map((k) => new store.EncryptedPrivateKeyStore(first.db, first.masterKey).getKey({ alias: k.kid })))
    await first.stop()
    const raw = fs.readdirSync(dataDir)
      .filter((f) => f.startsWith('credgate.db'))
      .map((f) => fs.readFileSync(path.join(dataDir, f)))
    for (const { privateKeyHex } of clear) {
      expect(privateKeyHex).toMatch(/^[0-9a-f]{64}$/)
      for (const buf of raw) {
        expect(buf.includes(Buffer.from(privateKeyHex, 'utf8'))).toBe(false)
        expect(buf.includes(Buffer.from(privateKeyHex, 'hex'))).toBe(false)
      }
    }
  })

  it('restarts on the same data without duplicating anything; DIDs resolve to the same documents, changes and anchors on chain included', async () => {
    const second = await startTestPlatform({ demo: true, chainPort, dataDir })
    try {
      expect(await second.db.organization.count()).toBe(4)
      expect(await second.db.staffAccount.count()).toBe(DEMO_LOGINS.length)
      for (const [did, doc] of Object.entries(docsBefore)) {
        const result = await second.resolver.resolve(did)
        expect(result.didDocument).toEqual(doc)
      }
      const platformDoc = (await second.resolver.resolve(second.platformOrg.did)).didDocument
      expect(platformDoc?.service?.map((s) => s.serviceEndpoint)).toContain('https://credgate.example.org')
      const audit = await verifyAuditChain({ db: second.db, provider: second.provider, registry: second.chain.registry, platformDid: second.platformOrg.did })
      expect(audit).toMatchObject({ ok: true, anchorsChecked: 1 })
    } finally {
      await second.stop()
    }
  })

  it('refuses to start when the chain lost the registry the database recorded', async () => {
    fs.rmSync(path.join(dataDir, 'chain-state.json'))
    await expect(startTestPlatform({ demo: true, chainPort, dataDir })).rejects.toThrow(/records DID registry .* has no code there/)
    // the database is untouched by the refused start
    const db = new Database(path.join(dataDir, 'credgate.db'), { readonly: true })
    expect((db.prepare('SELECT count(*) AS n FROM Organization').get() as { n: number }).n).toBe(4)
    db.close()
  })
})
