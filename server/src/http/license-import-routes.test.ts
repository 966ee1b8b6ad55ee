/** POST /imports/licenses and its progress and error report, with API tokens and staff sessions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '../domain/accounts/api-tokens.js'
import { waitForLicenseImports } from '../domain/imports/import-licenses.js'
import { LICENSE_IMPORT_LIMITS } from '../domain/imports/license-csv.js'
import { licenseRows, seedImportingBoard, toLicenseCsv } from '../domain/imports/license-import-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.js'
import { GraphQLTestClient, startTestServer, type TestServer } from '../testing/test-server.js'

describe('licence import HTTP routes', () => {
  let p: TestPlatform
  let server: TestServer
  let board: Awaited<ReturnType<typeof seedImportingBoard>>
  let token: string
  let statusOnlyToken: string
  let otherToken: string

  beforeAll(async () => {
    p = await startTestPlatform()
    server = await startTestServer(p)
    board = await seedImportingBoard(p)
    const other = await seedImportingBoard(p, board.anchor)
    const tokenFor = async (b: typeof board, scopes: Array<'credentials:issue' | 'credentials:status'>) =>
      (await createApiToken(p.db, { orgId: b.board.id, accountId: b.admin.account.id, input: { name: 'board system', scopes } })).token
    token = await tokenFor(board, ['credentials:issue'])
    statusOnlyToken = await tokenFor(board, ['credentials:status'])
    otherToken = await tokenFor(other, ['credentials:issue'])
  })
  afterAll(async () => {
    await waitForLicenseImports()
    await server.close()
    await p.destroy()
  })

  const post = (body: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }, query = '?fileName=register.csv') =>
    fetch(`${server.baseUrl}/imports/licenses${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...headers }, body })
  const get = (path: string, bearer = token) => fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } })
  const untilDone = async (id: string) => {
    for (let i = 0; i < 600; i++) {
      const body = (await (await get(`/imports/licenses/${id}`)).json()) as { status: string }
      if (body.status !== 'RUNNING') return body as Record<string, unknown>
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('import did not finish')
  }

  it('accepts a CSV with an API token (202, processed in the background), then serves progress and the error report', async () => {
    const rows = licenseRows(p, 25)
    rows[9] = { ...rows[9]!, jurisdiction: 'US-ZZ' }
    const res = await post(toLicenseCsv(rows))
    expect(res.status).toBe(202)
    const started = (await res.json()) as { id: string; status: string; totalRows: number }
    expect(started).toMatchObject({ status: 'RUNNING', totalRows: 25, fileName: 'register.csv' })
    expect(res.headers.get('location')).toBe(`/imports/licenses/${started.id}`)

    const done = await untilDone(started.id)
    expect(done).toMatchObject({ status: 'DONE', processed: 25, issued: 24, skipped: 0, failed: 1, errorCount: 1, errorReport: `/imports/licenses/${started.id}/errors.csv` })
    const report = await get(`/imports/licenses/${started.id}/errors.csv`)
    expect(report.status).toBe(200)
    expect(report.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(report.headers.get('content-disposition')).toBe('attachment; filename="register.errors.csv"')
    expect(await report.text()).toBe('row,field,reason\r\n11,jurisdiction,"must be an ISO 3166-2 code of a supported jurisdiction, e.g. US-CA"\r\n')
    const creator = await p.db.licenseImport.findUniqueOrThrow({ where: { id: started.id } })
    expect(creator.createdBy).toMatch(/^apitoken:/)
  })

  it('refuses an oversized body with 413 before importing anything', async () => {
    const before = await p.db.licenseImport.count()
    const res = await post('x'.repeat(LICENSE_IMPORT_LIMITS.maxBytes + 1))
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    expect(await p.db.licenseImport.count()).toBe(before)
  })

  it('authenticates first: no caller 401, a token without credentials:issue 403, a wrong content type 400', async () => {
    const csv = toLicenseCsv(licenseRows(p, 1))
    expect((await post(csv, {})).status).toBe(401)
    expect((await post(csv, { authorization: `Bearer ${statusOnlyToken}` })).status).toBe(403)
    const json = await fetch(`${server.baseUrl}/imports/licenses`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })
    expect(json.status).toBe(400)
    expect(await json.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('takes a board admin\'s session with the CSRF header, and hides the import from another board (404)', async () => {
    const client = new GraphQLTestClient(server.baseUrl)
    await client.login(board.admin.email, board.admin.password)
    const csv = toLicenseCsv(licenseRows(p, 3))
    expect((await post(csv, { cookie: client.cookie! })).status).toBe(403) // no CSRF header
    const res = await post(csv, { cookie: client.cookie!, 'x-csrf-token': client.csrfToken! })
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    await untilDone(id)
    expect((await p.db.licenseImport.findUniqueOrThrow({ where: { id } })).createdBy).toBe(board.admin.account.id)

    const theirs = await get(`/imports/licenses/${id}`, otherToken)
    expect(theirs.status).toBe(404)
    expect(await theirs.json()).toEqual({ code: 'NOT_FOUND', message: 'Licence import not found' })
    expect((await get(`/imports/licenses/${id}/errors.csv`, otherToken)).status).toBe(404)
  })
})
