/**
 * A second server instance that issues licences in batches until it is killed (fault tests: SIGKILL during
 * issuance). Configured like any instance, from the environment; BOARD_ID names the issuing board.
 */
import { licenseClaims, seedPersonKey } from '../../../prisma/seed/seed-functions.js'
import { loadConfig } from '../config.js'
import { issueCredentials } from '../domain/credentials/issue-credentials.js'
import { prepareCredential } from '../domain/credentials/prepare-credential.js'
import { silentLogger } from '../logger.js'
import { startPlatform } from '../platform.js'

const p = await startPlatform(loadConfig(), { logger: silentLogger, skipDemo: true, noBackgroundJobs: true })
const board = await p.db.organization.findUniqueOrThrow({ where: { id: process.env.BOARD_ID! } })
let issued = 0
for (;;) {
  const items = []
  for (let i = 0; i < 10; i++) {
    const prepared = await prepareCredential({ db: p.db, resolver: p.resolver, didPrefix: p.chain.didPrefix }, board, {
      type: 'ClinicianLicenseCredential',
      subjectDid: seedPersonKey(p, 'c').did,
      claims: licenseClaims(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    })
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.fields))
    items.push(prepared.item)
  }
  await issueCredentials(p, { issuer: board, actor: { actorType: 'SYSTEM', actor: 'issuer-process' }, items })
  issued += items.length
  process.stdout.write(`issued ${issued}\n`)
}
