import crypto from 'node:crypto'
import { licenseClaims, seedAccreditation, seedBoard, seedPersonKey, seedTrustAnchor } from '../../../../prisma/seed/seed-functions.js'
import { startTestPlatform } from '../../testing/test-platform.js'
import { prepareCredential } from '../credentials/prepare-credential.js'
import { issueCredentials } from '../credentials/issue-credentials.js'

const N = Number(process.argv[2] ?? 1000)
const p = await startTestPlatform()
const anchor = await seedTrustAnchor(p)
const board = await seedBoard(p)
await seedAccreditation(p, { anchor, board, licenseTypes: ['MD'], jurisdictions: ['US-CA'] })
const validUntil = new Date(Date.now() + 365 * 86400000).toISOString()
let t = Date.now()
const items = []
for (let i = 0; i < N; i++) {
  const r = await prepareCredential({ db: p.db, resolver: p.resolver, didPrefix: p.chain.didPrefix }, board, { type: 'ClinicianLicenseCredential', subjectDid: `${p.chain.didPrefix}:0x${crypto.randomBytes(20).toString('hex')}`, claims: licenseClaims({ licenseNumber: `L${100000 + i}` }), validUntil }, { checkResolvable: false })
  if (!r.ok) throw new Error(JSON.stringify(r.fields))
  items.push({ ...r.item, keepIfIdentical: true })
}
console.log('prepare', N, Date.now() - t, 'ms')
t = Date.now()
let cpu = process.cpuUsage()
for (let i = 0; i < N; i += 200) {
  const tb = Date.now()
  await issueCredentials(p, { issuer: board, actor: { actorType: 'SYSTEM', actor: 'bench' }, items: items.slice(i, i + 200) })
  if (i === 0) console.log('first batch', Date.now() - tb)
}
console.log('issue', N, Date.now() - t, 'ms', 'cpu', process.cpuUsage(cpu))
t = Date.now()
for (let i = 0; i < N; i += 200) {
  await issueCredentials(p, { issuer: board, actor: { actorType: 'SYSTEM', actor: 'bench' }, items: items.slice(i, i + 200) })
}
console.log('reissue unchanged', N, Date.now() - t, 'ms')
await p.destroy()
