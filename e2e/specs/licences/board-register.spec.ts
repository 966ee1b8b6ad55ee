/** The board's register: find a licence, suspend it, reinstate it, revoke it (final); every change in its history. */
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { gqlOk } from '../../fixtures/graphql.ts'
import { issueLicenceViaApi } from '../../fixtures/licences.ts'

test('a board finds a licence and suspends, reinstates and finally revokes it', async ({ page, loggedInAs }) => {
  const session = await loggedInAs(DEMO_STAFF.board.email)
  const licence = await issueLicenceViaApi(page.request, session)

  await page.goto('/licences')
  await page.getByLabel('Name, licence number or NPI').fill(licence.licenseNumber)
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page).toHaveURL(new RegExp(`q=${licence.licenseNumber}`))
  await expect(page.getByRole('status').filter({ hasText: '1 licence' })).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('search.png'), fullPage: true })
  await page.getByRole('link', { name: licence.name }).click()

  await expect(page.getByRole('heading', { level: 1, name: licence.name })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Licence details' })).toContainText(licence.subjectDid)
  await expect(page.getByText('Active', { exact: true })).toBeVisible()

  // Suspend: the reason is required; Escape cancels without changing anything.
  await page.getByRole('button', { name: 'Suspend' }).click()
  const dialog = page.getByRole('dialog', { name: 'Suspend this licence?' })
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await page.getByRole('button', { name: 'Suspend' }).click()
  await dialog.getByRole('button', { name: 'Suspend licence' }).click()
  await expect(dialog.getByText('Enter a reason')).toBeVisible()
  await expect(dialog.getByLabel('Reason')).toBeFocused()
  await dialog.getByLabel('Reason').fill('Pending investigation of a complaint')
  await dialog.getByRole('button', { name: 'Suspend licence' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'The licence is suspended.' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Status history' })).toContainText('Pending investigation of a complaint')

  // Reinstate.
  await page.getByRole('button', { name: 'Reinstate' }).click()
  await page.getByRole('dialog', { name: 'Reinstate this licence?' }).getByLabel('Reason').fill('Complaint dismissed')
  await page.getByRole('button', { name: 'Reinstate licence' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'The licence is active again.' })).toBeVisible()

  // Revoke: the dialog says it is final.
  await page.getByRole('button', { name: 'Revoke' }).click()
  const revoke = page.getByRole('dialog', { name: 'Revoke this licence permanently?' })
  await expect(revoke).toContainText('Revocation is final')
  await page.screenshot({ path: test.info().outputPath('revoke-dialog.png'), fullPage: true })
  await revoke.getByLabel('Reason').fill('Licence surrendered')
  await revoke.getByRole('button', { name: 'Revoke permanently' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'This licence is revoked' })).toContainText('Revocation is final')
  await expect(page.getByRole('button', { name: 'Reinstate' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Revoke' })).toHaveCount(0)
  const history = page.getByRole('region', { name: 'Status history' }).getByRole('listitem')
  await expect(history).toHaveCount(4)
  await page.screenshot({ path: test.info().outputPath('revoked.png'), fullPage: true })

  const data = await gqlOk<{ issuedCredential: { status: string; statusHistory: Array<{ action: string }> } }>(
    page.request,
    'query($id: ID!) { issuedCredential(id: $id) { status statusHistory { action } } }',
    { id: licence.id },
  )
  expect(data.issuedCredential.status).toBe('REVOKED')
  expect(data.issuedCredential.statusHistory.map((e) => e.action)).toEqual(['ISSUED', 'SUSPENDED', 'REINSTATED', 'REVOKED'])
})
