/**
 * Issuance figures (issue 5): licences issued per second one at a time (validation, accreditation check,
 * status index allocation, ES256K signature, the register row, its status event and audit entry, each
 * licence its own transaction) and in bulk batches (the import path), and the size and build time of a full
 * status list (131,072 entries).
 */
import crypto from 'node:crypto'
import { licenseClaims, seedPersonKey } from '../../../prisma/seed/seed-functions.js'
import { issueCredential } from '../../src/domain/credentials/issue-credential.js'
import { issueCredentials, type CredentialToIssue } from '../../src/domain/credentials/issue-credentials.js'
import { prepareCredential } from '../../src/domain/credentials/prepare-credential.js'
import { encodeStatusList, MIN_STATUS_LIST_SIZE } from '../../src/domain/status/bitstring.js'
import { getStatusListCredential } from '../../src/domain/status/publish-status-list.js'
import { seedCredentialWorld } from '../../src/testing/credential-fixtures.js'
import { perSecond, type FigureGroup } from '../report.js'
import { startBenchPlatform, timed, type BenchDatabase, type Suite } from '../suite.js'

export const issuanceSuite: Suite = {
  name: 'issuance',
  description: 'licences issued/s (single and bulk, with status index allocation and persistence), full status list size and build time',
  flags: { 'issue-count': 'licences issued in each mode (default 500 x scale)' },
  async run(ctx) {
    const groups: FigureGroup[] = []
    for (const database of ['sqlite', 'postgres'] as BenchDatabase[]) {
      const group: FigureGroup = { bench: 'issuance', tags: { database }, figures: [] }
      groups.push(group)
      const add = (key: string, value: number, unit: string) => group.figures.push({ key, value, unit })
      const count = ctx.intFlag('issue-count', 500 * ctx.scale)
      ctx.log(`issuance/${database}: starting platform`)
      const p = await startBenchPlatform(ctx, database)
      try {
        const w = await seedCredentialWorld(p)
        const caller = { kind: 'staff' as const, orgId: w.board.id, accountId: w.boardAdmin.account.id, roles: ['BOARD_ADMIN' as const] }
        const validUntil = new Date(Date.now() + 365 * 86_400_000).toISOString()
        const single = await timed(async () => {
          for (let i = 0; i < count; i++) {
            await issueCredential(p, { caller, request: { type: 'ClinicianLicenseCredential', subjectDid: seedPersonKey(p, 'c').did, claims: licenseClaims(), validUntil } })
          }
        })
        add('licenses_issued_per_s_single', perSecond(count, single.ms), '/s')

        const org = { id: w.board.id, did: w.board.did, kind: 'BOARD' }
        const items: CredentialToIssue[] = []
        for (let i = 0; i < count; i++) {
          const prepared = await prepareCredential({ db: p.db, resolver: p.resolver, didPrefix: p.chain.didPrefix }, org, { type: 'ClinicianLicenseCredential', subjectDid: seedPersonKey(p, 'c').did, claims: licenseClaims(), validUntil }, { checkResolvable: false })
          if (!prepared.ok) throw new Error('bad bench input')
          items.push(prepared.item)
        }
        const bulk = await timed(async () => {
          for (let i = 0; i < items.length; i += 200) {
            await issueCredentials(p, { issuer: org, actor: { actorType: 'SYSTEM', actor: 'bench' }, items: items.slice(i, i + 200) })
          }
        })
        add('licenses_issued_per_s_bulk', perSecond(count, bulk.ms), '/s')

        if (database === 'sqlite') {
          // A full list: 131,072 entries with 10% set (far more revocations than any real board has).
          const set = new Set<number>()
          while (set.size < MIN_STATUS_LIST_SIZE / 10) set.add(crypto.randomInt(MIN_STATUS_LIST_SIZE))
          const encodeRuns = 20
          const encoded = await timed(async () => {
            for (let i = 0; i < encodeRuns; i++) encodeStatusList(MIN_STATUS_LIST_SIZE, set)
          })
          add('status_list_entries', MIN_STATUS_LIST_SIZE, 'count')
          add('status_list_encode_ms', encoded.ms / encodeRuns, 'ms')
          add('status_list_encoded_bytes_10pct_set', encodeStatusList(MIN_STATUS_LIST_SIZE, set).length, 'B')
          add('status_list_encoded_bytes_empty', encodeStatusList(MIN_STATUS_LIST_SIZE, []).length, 'B')
          // Publishing: the signed list credential for the group the licences above went into, rebuilt from the register.
          const list = await p.db.publishedStatusList.findFirstOrThrow({ where: { purpose: 'revocation', group: { issuerDid: w.board.did } } })
          await p.db.statusListGroup.update({ where: { id: list.groupId }, data: { version: { increment: 1 } } })
          const built = await timed(() => getStatusListCredential(p, list.id))
          add('status_list_publish_ms', built.ms, 'ms')
          add('status_list_credential_bytes', built.result.jwt.length, 'B')
        }
      } finally {
        await p.destroy()
      }
    }
    return groups
  },
}
