/** Licence imports over GraphQL: start in the background, follow progress, board scoping and roles. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedStaff } from '../../../../prisma/seed/seed-functions.js'
import { waitForLicenseImports } from '../../domain/imports/import-licenses.js'
import { licenseRows, seedImportingBoard, toLicenseCsv } from '../../domain/imports/license-import-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { GraphQLTestClient, startTestServer, type TestServer } from '../../testing/test-server.js'

const IMPORT = 'mutation($f: String!, $csv: String!) { importLicenses(fileName: $f, csv: $csv) { id status totalRows processed } }'
const PROGRESS = 'query($id: ID!) { licenseImport(id: $id) { id fileName status totalRows processed issued skipped failed stalled errorCount errors(limit: 10) { row field reason } } }'

interface Progress {
  id: string
  status: string
  totalRows: number
  processed: number
  issued: number
  skipped: number
  failed: number
  errorCount: number
  errors: Array<{ row: number; field: string; reason: string }>
}

describe('licence imports over GraphQL', () => {
  let p: TestPlatform
  let server: TestServer
  let admin: GraphQLTestClient
  let otherAdmin: GraphQLTestClient
  let board: Awaited<ReturnType<typeof seedImportingBoard>>

  beforeAll(async () => {
    p = await startTestPlatform()
    server = await startTestServer(p)
    board = await seedImportingBoard(p)
    const other = await seedImportingBoard(p, board.anchor)
    admin = new GraphQLTestClient(server.baseUrl)
    await admin.login(board.admin.email, board.admin.password)
    otherAdmin = new GraphQLTestClient(server.baseUrl)
    await otherAdmin.login(other.admin.email, other.admin.password)
  })
  afterAll(async () => {
    await waitForLicenseImports()
    await server.close()
    await p.destroy()
  })

  const untilDone = async (client: GraphQLTestClient, id: string): Promise<Progress> => {
    for (let i = 0; i < 600; i++) {
      const result = await client.request<{ licenseImport: Progress }>(PROGRESS, { id })
      if (result.errors) throw new Error(result.errors[0]!.message)
      if (result.data!.licenseImport.status !== 'RUNNING') return result.data!.licenseImport
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('import did not finish')
  }

  it('starts an import that runs in the background, and reports its progress and per-row errors', async () => {
    const rows = licenseRows(p, 30)
    rows[4] = { ...rows[4]!, npi: '1234567890' }
    const csv = toLicenseCsv(rows)
    const started = await admin.request<{ importLicenses: { id: string; status: string; totalRows: number; processed: number } }>(IMPORT, { f: 'board-export.csv', csv })
    expect(started.errors).toBeUndefined()
    expect(started.data!.importLicenses).toMatchObject({ status: 'RUNNING', totalRows: 30, processed: 0 })

    const done = await untilDone(admin, started.data!.importLicenses.id)
    expect(done).toMatchObject({ status: 'DONE', totalRows: 30, processed: 30, issued: 29, skipped: 0, failed: 1, errorCount: 1 })
    expect(done.errors).toEqual([{ row: 6, field: 'npi', reason: expect.stringMatching(/Luhn/) }])
    const list = await admin.request<{ licenseImports: Array<{ id: string; fileName: string }> }>('{ licenseImports(limit: 5) { id fileName } }')
    expect(list.data!.licenseImports).toContainEqual({ id: done.id, fileName: 'board-export.csv' })

    // The same file again: the same import, nothing new issued.
    const again = await admin.request<{ importLicenses: { id: string } }>(IMPORT, { f: 'again.csv', csv })
    expect(again.data!.importLicenses.id).toBe(done.id)
    expect(await untilDone(admin, done.id)).toMatchObject({ status: 'DONE', issued: 0, skipped: 29, failed: 1 })
    expect(await p.db.issuedCredential.count({ where: { orgId: board.board.id } })).toBe(29)
  })

  it('answers a file with wrong columns with VALIDATION_FAILED naming them, and starts nothing', async () => {
    const csv = toLicenseCsv(licenseRows(p, 2), ['subjectDid', 'name', 'licenseType', 'licenseNumber', 'jurisdiction', 'specialty', 'NPI number', 'validUntil'])
    const result = await admin.request(IMPORT, { f: 'bad.csv', csv })
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED')
    expect(result.errors?.[0]?.extensions?.details).toEqual({
      fields: [
        { field: 'NPI number', message: expect.stringMatching(/^unknown column/) },
        { field: 'npi', message: 'missing column' },
      ],
    })
    expect(await p.db.licenseImport.count({ where: { fileName: 'bad.csv' } })).toBe(0)
  })

  it('keeps imports to their board: another board\'s admin gets NOT_FOUND, other roles FORBIDDEN', async () => {
    const started = await admin.request<{ importLicenses: { id: string } }>(IMPORT, { f: 'mine.csv', csv: toLicenseCsv(licenseRows(p, 2)) })
    const id = started.data!.importLicenses.id
    await untilDone(admin, id)

    const theirs = await otherAdmin.request(PROGRESS, { id })
    expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
    expect(theirs.errors?.[0]?.message).not.toContain(board.board.id)
    const theirList = await otherAdmin.request<{ licenseImports: Array<{ id: string }> }>('{ licenseImports { id } }')
    expect(theirList.data!.licenseImports.map((i) => i.id)).not.toContain(id)

    const hr = await seedStaff(p, { orgId: board.board.id, roles: ['AUDITOR'] })
    const auditor = new GraphQLTestClient(server.baseUrl)
    await auditor.login(hr.email, hr.password)
    expect((await auditor.request(PROGRESS, { id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect((await auditor.request(IMPORT, { f: 'x.csv', csv: 'a' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })
})
