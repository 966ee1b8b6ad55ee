/** Privacy officer and auditor: the audit log with its integrity badge, filters and exports; alerts. Other roles are kept out. */
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'

test('an auditor sees the chain verified, filters entries and exports them', async ({ page, loggedInAs }) => {
  await loggedInAs(DEMO_STAFF.admin.email)
  await page.goto('/oversight/audit')
  const integrity = page.getByRole('region', { name: 'Integrity' })
  await expect(integrity.getByText('Chain intact')).toBeVisible({ timeout: 30_000 })
  await expect(integrity).toContainText(/All [\d,]+ entries link up unchanged/)

  const rows = page.getByRole('region', { name: 'Entries' }).getByRole('row')
  await expect(rows.nth(1)).toBeVisible()
  await page.getByLabel('Action').selectOption('staff.login')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  await expect(rows.nth(1)).toContainText('Staff sign-in')
  const texts = await page.getByRole('region', { name: 'Entries' }).locator('tbody tr').allTextContents()
  expect(texts.every((t) => t.includes('Staff sign-in'))).toBe(true)
  await page.screenshot({ path: test.info().outputPath('audit.png'), fullPage: true })

  const csvHref = await page.getByRole('link', { name: 'CSV' }).getAttribute('href')
  expect(csvHref).toMatch(/^\/audit\/export\?format=csv/)
  const csv = await page.request.get(csvHref!)
  expect(csv.status()).toBe(200)
  expect(csv.headers()['content-type']).toContain('text/csv')
  const json = await page.request.get((await page.getByRole('link', { name: 'JSON' }).getAttribute('href'))!)
  expect(json.status()).toBe(200)
})

test('alerts can be read and acknowledged', async ({ page, loggedInAs }) => {
  await loggedInAs(DEMO_STAFF.admin.email)
  await page.goto('/alerts')
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible()
  await expect(page.getByText('No open alerts.').or(page.getByRole('button', { name: /^Acknowledge/ }).first())).toBeVisible()
  const acknowledge = page.getByRole('button', { name: /^Acknowledge/ })
  const open = await acknowledge.count()
  if (open > 0) {
    await acknowledge.first().click()
    await expect(acknowledge).toHaveCount(open - 1)
  }
  await page.getByLabel('Show acknowledged alerts too').check()
  await page.screenshot({ path: test.info().outputPath('alerts.png'), fullPage: true })
})

test('HR cannot open the audit log; the board cannot open hiring', async ({ page, loggedInAs }) => {
  await loggedInAs(DEMO_STAFF.hr.email)
  await page.goto('/oversight/audit')
  await expect(page.getByRole('heading', { level: 1, name: 'You do not have access to this page' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' })).toHaveCount(0)
  await loggedInAs(DEMO_STAFF.board.email)
  await page.goto('/hiring')
  await expect(page.getByRole('heading', { level: 1, name: 'You do not have access to this page' })).toBeVisible()
})
