import crypto from 'node:crypto'
import { seedBoard } from '../../../../prisma/seed/seed-functions.js'
import { startTestPlatform } from '../../testing/test-platform.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
const p = await startTestPlatform()
const board = await seedBoard(p)
let t = Date.now()
await Promise.all(Array.from({ length: 200 }, async (_, i) => p.agent.createVerifiableCredential({ proofFormat: 'jwt', credential: { '@context': ['https://www.w3.org/2018/credentials/v1'], id: 'urn:uuid:' + crypto.randomUUID(), type: ['VerifiableCredential', 'X'], issuer: { id: board.did }, issuanceDate: new Date().toISOString(), credentialSubject: { id: 'did:ethr:0x539:0x' + crypto.randomBytes(20).toString('hex'), a: i } } })))
console.log('sign 200 parallel', Date.now() - t)
t = Date.now()
for (let i = 0; i < 200; i++) await p.agent.didManagerGet({ did: board.did })
console.log('didManagerGet x200', Date.now() - t)
t = Date.now()
await p.db.$transaction(async (tx) => { for (let i = 0; i < 200; i++) await appendAuditEntry(tx, { actorType: 'SYSTEM', actor: 'b', action: 'test.append', decision: 'DONE', details: { i } }) })
console.log('audit x200 in tx', Date.now() - t)
t = Date.now()
await p.db.$transaction(async (tx) => { for (let i = 0; i < 200; i++) await tx.setting.findUnique({ where: { key: 'x' } }) })
console.log('trivial query x200 in tx', Date.now() - t)
t = Date.now()
for (let i = 0; i < 200; i++) await p.db.setting.findUnique({ where: { key: 'x' } })
console.log('trivial query x200 no tx', Date.now() - t)
await p.destroy()
