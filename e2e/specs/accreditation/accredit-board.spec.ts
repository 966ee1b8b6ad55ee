/** The trust anchor accredits a board for licence types and jurisdictions and sees it listed; bad codes are explained. */
import { DEMO_ORGS, DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { randomDid } from '../../fixtures/licences.ts'
import { isoDate, uniqueSuffix } from '../../fixtures/test-data.ts'

test('a trust anchor accredits a board', async ({ page, loggedInAs }) => {
  await loggedInAs(DEMO_STAFF.trust.email)
  await page.goto('/accreditation')
  await expect(page.getByRole('heading', { level: 1, name: 'Accreditation' })).toBeVisible()
  const list = page.getByRole('region', { name: 'Accredited boards' })
  await expect(list).toContainText(DEMO_ORGS.board)

  const name = `Nevada Board ${uniqueSuffix()}`
  await page.getByLabel('Board DID').fill(randomDid())
  await page.getByLabel('Board name').fill(name)
  await page.getByRole('checkbox', { name: 'MD', exact: true }).check()
  await page.getByRole('checkbox', { name: 'RN', exact: true }).check()
  await page.getByLabel('Jurisdictions').fill('US-NV, XX-ZZ')
  await page.getByLabel('Accredited until').fill(isoDate(700))
  await page.getByRole('button', { name: 'Accredit board' }).click()
  await expect(page.getByText('Unknown jurisdiction code: XX-ZZ.')).toBeVisible()
  await expect(page.getByLabel('Jurisdictions')).toBeFocused()

  await page.getByLabel('Jurisdictions').fill('US-NV')
  await page.getByRole('button', { name: 'Accredit board' }).click()
  await expect(page.getByRole('status').filter({ hasText: `${name} is accredited for MD, RN in US-NV.` })).toBeVisible()
  await expect(list).toContainText(name)
  await expect(list.getByRole('listitem').filter({ hasText: name })).toContainText('MD, RN · US-NV')
  await page.screenshot({ path: test.info().outputPath('accredited.png'), fullPage: true })
})
