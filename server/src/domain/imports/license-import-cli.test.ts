/** `npm run cli -- licenses import <file> --board <id|DID>` as a process, against a running test platform. */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { licenseRows, seedImportingBoard, toLicenseCsv } from './license-import-fixtures.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..')

describe('npm run cli -- licenses import', () => {
  let p: TestPlatform
  let board: Awaited<ReturnType<typeof seedImportingBoard>>
  let dir: string
  const cli = (...args: string[]) =>
    spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/cli/main.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: p.dataDir, CHAIN_PORT: String(p.anvil!.port), DEMO: 'false', LOG_LEVEL: 'error' },
    })

  beforeAll(async () => {
    p = await startTestPlatform()
    board = await seedImportingBoard(p)
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credgate-import-cli-'))
  })
  afterAll(async () => {
    await p.destroy()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('imports a file as the SYSTEM actor cli:<user>, with a progress bar on stderr and a summary; exit 0', () => {
    const file = path.join(dir, 'register.csv')
    fs.writeFileSync(file, toLicenseCsv(licenseRows(p, 300)))
    const result = cli('licenses', 'import', file, '--board', board.board.did)
    expect(result.stdout).toMatch(/^import [0-9a-f-]{36} done\n {2}300 rows: 300 issued, 0 unchanged, 0 failed \(300 processed\)\n {2}[\d.]+ s, \d+ rows\/s\n$/)
    expect(result.stderr).toMatch(/\r\[#{30}\] 300\/300 rows {2}issued 300, unchanged 0, failed 0\n$/)
    expect(result.status).toBe(0)
    expect(fs.existsSync(`${file}.errors.csv`)).toBe(false)

    // Again, by organisation id: nothing new, every row unchanged.
    const again = cli('licenses', 'import', file, `--board=${board.board.id}`)
    expect(again.stdout).toContain('300 rows: 0 issued, 300 unchanged, 0 failed')
    expect(again.status).toBe(0)
  })

  it('exits 1 when rows fail, writing <file>.errors.csv', async () => {
    const file = path.join(dir, 'with-errors.csv')
    const rows = licenseRows(p, 5)
    rows[2] = { ...rows[2]!, validUntil: '2001-01-01' }
    fs.writeFileSync(file, toLicenseCsv(rows))
    const result = cli('licenses', 'import', file, '--board', board.board.did)
    expect(result.stdout).toContain('5 rows: 4 issued, 0 unchanged, 1 failed')
    expect(result.stdout).toContain(`1 errors in 1 rows: ${file}.errors.csv`)
    expect(result.status).toBe(1)
    expect(fs.readFileSync(`${file}.errors.csv`, 'utf8')).toBe('row,field,reason\r\n4,validUntil,must be after the issue date\r\n')

    const entry = await p.db.auditEntry.findFirstOrThrow({ where: { action: 'license.import_started' }, orderBy: { seq: 'desc' } })
    expect(entry).toMatchObject({ actorType: 'SYSTEM', actor: `cli:${os.userInfo().username}`, orgId: board.board.id })
  })

  it('refuses a wrong header or an unknown board with a message and exit 1, and bad usage with 2', () => {
    const file = path.join(dir, 'bad-header.csv')
    fs.writeFileSync(file, 'subjectDid,name\r\nx,y\r\n')
    const bad = cli('licenses', 'import', file, '--board', board.board.did)
    expect(bad.stderr).toMatch(/credgate: The header row does not match: .*licenseType: missing column/)
    expect(bad.status).toBe(1)
    expect(cli('licenses', 'import', file, '--board', 'did:ethr:0x539:0x0000000000000000000000000000000000000001').stderr).toMatch(/not found/)
    expect(cli('licenses', 'import', file).status).toBe(2)
  })
})
