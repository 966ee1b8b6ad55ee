/** Bulk import: live progress, counts, the failing rows explained, the error report downloadable; the same file again issues nothing. */
import { readFile } from 'node:fs/promises'
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { countLicences } from '../../fixtures/graphql.ts'
import { randomDid } from '../../fixtures/licences.ts'
import { invalidNpi, isoDate, uniqueSuffix, validNpi } from '../../fixtures/test-data.ts'

test('a board imports a CSV, follows its progress and downloads the error report', async ({ page, loggedInAs }) => {
  await loggedInAs(DEMO_STAFF.board.email)
  const suffix = uniqueSuffix()
  const header = 'name,subjectDid,licenseType,licenseNumber,jurisdiction,specialty,npi,validUntil'
  const rows = [
    `Dr. Import One ${suffix},${randomDid()},MD,IMP1-${suffix},US-CA,Cardiology,${validNpi()},${isoDate(600)}`,
    `Dr. Import Two ${suffix},${randomDid()},RN,IMP2-${suffix},US-CA,Oncology,${validNpi()},${isoDate(600)}`,
    `Dr. Import Three ${suffix},${randomDid()},DO,IMP3-${suffix},US-CA,Neurology,${invalidNpi()},${isoDate(600)}`,
  ]
  const csv = `${header}\n${rows.join('\n')}\n`
  const before = await countLicences(page.request, { text: suffix })
  expect(before).toBe(0)

  await page.goto('/licences/import')
  await page.getByLabel('CSV file').setInputFiles({ name: `board-${suffix}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Import' }).click()

  await expect(page).toHaveURL(/\/licences\/import\?id=/)
  await expect(page.getByRole('progressbar', { name: 'Rows processed' })).toBeVisible()
  await expect(page.getByText('Import finished')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('progressbar', { name: 'Rows processed' })).toHaveAttribute('aria-valuenow', '3')
  await expect(page.getByTestId('import-issued')).toHaveText('2')
  await expect(page.getByTestId('import-failed')).toHaveText('1')
  const errors = page.getByRole('region', { name: /Rows with errors/ })
  await expect(errors.getByRole('row', { name: /npi/ })).toContainText('4')
  await page.screenshot({ path: test.info().outputPath('import-done.png'), fullPage: true })

  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download the error report (CSV)' }).click()
  const download = await downloading
  const report = await readFile(await download.path(), 'utf8')
  expect(report.split('\n')[0]).toMatch(/row,field,reason/)
  expect(report).toContain('npi')

  expect(await countLicences(page.request, { text: suffix })).toBe(2)

  // The same file again: nothing new is issued.
  await page.getByRole('link', { name: 'Import another file' }).click()
  await page.getByLabel('CSV file').setInputFiles({ name: `board-${suffix}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Import' }).click()
  await expect(page.getByText('Import finished')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('import-issued')).toHaveText('0')
  await expect(page.getByTestId('import-skipped')).toHaveText('2')
  expect(await countLicences(page.request, { text: suffix })).toBe(2)
})
