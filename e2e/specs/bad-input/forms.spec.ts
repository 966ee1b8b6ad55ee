/**
 * Journey 5: bad input is explained in plain words beside the field it concerns, and changes nothing — checked
 * through the API: no licence was issued, no import was started.
 */
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { countLicences, gqlOk } from '../../fixtures/graphql.ts'
import { invalidNpi, isoDate, uniqueSuffix, validNpi } from '../../fixtures/test-data.ts'

function freshDid(): string {
  return `did:ethr:0x539:0x${uniqueSuffix().toLowerCase()}${'0'.repeat(32)}`
}

test.describe('bad input', () => {
  test('an invalid NPI and a past expiry date are caught beside their fields; nothing is issued', async ({ page, loggedInAs }) => {
    await loggedInAs(DEMO_STAFF.board.email)
    const did = freshDid()
    await page.goto('/licences/new')
    await page.getByLabel('Clinician DID').fill(did)
    await page.getByLabel('Full name').fill('Dr. Bad Input')
    await page.getByLabel('Specialty').fill('Cardiology')
    await page.getByLabel('Licence type').selectOption('MD')
    await page.getByLabel('Jurisdiction').selectOption('US-CA')
    await page.getByLabel('Licence number').fill(`BAD-${uniqueSuffix()}`)
    await page.getByLabel('NPI').fill(invalidNpi())
    await page.getByLabel('Expiry date').fill(isoDate(-1))
    await page.getByRole('button', { name: 'Issue licence' }).click()

    const npi = page.getByLabel('NPI')
    await expect(npi).toHaveAttribute('aria-invalid', 'true')
    await expect(npi).toBeFocused()
    await expect(page.getByText('This is not a valid NPI: its check digit does not match.')).toBeVisible()
    await expect(page.getByLabel('Expiry date')).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByText('The expiry date must be in the future.')).toBeVisible()
    await page.screenshot({ path: test.info().outputPath('licence-form-errors.png'), fullPage: true })

    // Fixing one field leaves the other flagged.
    await npi.fill(validNpi())
    await page.getByRole('button', { name: 'Issue licence' }).click()
    await expect(page.getByLabel('Expiry date')).toBeFocused()
    await expect(npi).not.toHaveAttribute('aria-invalid', 'true')

    expect(await countLicences(page.request, { subjectDid: did })).toBe(0)
  })

  test('the server’s own field errors are shown beside the field (a licence type the board is not accredited for)', async ({ page, loggedInAs }) => {
    await loggedInAs(DEMO_STAFF.board.email)
    const did = freshDid()
    await page.goto('/licences/new')
    await page.getByLabel('Clinician DID').fill(did)
    await page.getByLabel('Full name').fill('Dr. Not Accredited')
    await page.getByLabel('Specialty').fill('Nursing')
    await page.getByLabel('Licence type').selectOption('LPN')
    await page.getByLabel('Jurisdiction').selectOption('US-CA')
    await page.getByLabel('Licence number').fill(`LPN-${uniqueSuffix()}`)
    await page.getByLabel('NPI').fill(validNpi())
    await page.getByLabel('Expiry date').fill(isoDate(300))
    await page.getByRole('button', { name: 'Issue licence' }).click()

    await expect(page.getByRole('alert').first()).toContainText('The licence was not issued')
    const type = page.getByLabel('Licence type')
    await expect(type).toHaveAttribute('aria-invalid', 'true')
    await expect(type).toBeFocused()
    await expect(page.getByText('Your board is not accredited to issue LPN licences in US-CA.')).toBeVisible()
    await page.screenshot({ path: test.info().outputPath('licence-server-error.png'), fullPage: true })
    expect(await countLicences(page.request, { subjectDid: did })).toBe(0)
  })

  test('a CSV with the wrong columns is refused as a whole with each column named; nothing is imported', async ({ page, loggedInAs }) => {
    await loggedInAs(DEMO_STAFF.board.email)
    const before = await countLicences(page.request)
    const importsBefore = (await gqlOk<{ licenseImports: unknown[] }>(page.request, '{ licenseImports(limit: 100) { id } }')).licenseImports.length

    await page.goto('/licences/import')
    const csv = `subjectDid,name,licenseType,licenceNo,jurisdiction,specialty,npi,validUntil\n${freshDid()},Dr. Wrong Columns,MD,W-${uniqueSuffix()},US-CA,Cardiology,${validNpi()},${isoDate(300)}\n`
    await page.getByLabel('CSV file').setInputFiles({ name: 'wrong-columns.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.getByRole('button', { name: 'Import' }).click()

    const alert = page.getByRole('alert')
    await expect(alert).toContainText('The file was not imported. Nothing was issued.')
    await expect(alert).toContainText('Column “licenceNo”: unknown column')
    await expect(alert).toContainText('Column “licenseNumber”: missing column')
    await expect(page).toHaveURL(/\/licences\/import$/)
    await page.screenshot({ path: test.info().outputPath('csv-wrong-columns.png'), fullPage: true })

    expect(await countLicences(page.request)).toBe(before)
    const importsAfter = (await gqlOk<{ licenseImports: unknown[] }>(page.request, '{ licenseImports(limit: 100) { id } }')).licenseImports.length
    expect(importsAfter).toBe(importsBefore)
  })

  test('a wallet passphrase that is too short or mistyped is explained, and no wallet is made', async ({ walletPage }) => {
    const page = await walletPage()
    await page.goto('/wallet')
    await page.getByLabel('Passphrase', { exact: true }).fill('short')
    await page.getByLabel('Passphrase again').fill('short')
    await page.getByRole('button', { name: 'Create my wallet' }).click()
    await expect(page.getByText('Choose a passphrase of at least 10 characters.')).toBeVisible()
    await page.getByLabel('Passphrase', { exact: true }).fill('long enough passphrase')
    await page.getByLabel('Passphrase again').fill('long enough passphrasf')
    await page.getByRole('button', { name: 'Create my wallet' }).click()
    await expect(page.getByText('The two passphrases are different.')).toBeVisible()
    await expect(page.getByLabel('Passphrase again')).toBeFocused()
    await page.getByRole('radio', { name: /Import a private key/ }).check()
    await page.getByLabel('Private key (hex)').fill('0x1234')
    await page.getByRole('button', { name: 'Import my key' }).click()
    await expect(page.getByText('Enter the private key as 64 hexadecimal characters')).toBeVisible()
    await page.screenshot({ path: test.info().outputPath('wallet-setup-errors.png'), fullPage: true })
    await page.reload()
    await expect(page.getByRole('heading', { name: 'Set up your wallet' })).toBeVisible()
  })
})
