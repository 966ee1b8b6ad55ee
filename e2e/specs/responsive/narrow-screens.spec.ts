/** Every area works on a 375 px wide screen without sideways scrolling of the page. */
import type { Page } from '@playwright/test'
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { gqlOk } from '../../fixtures/graphql.ts'
import { issueLicenceViaApi } from '../../fixtures/licences.ts'
import { WALLET_PASSPHRASE } from '../../fixtures/test-data.ts'
import { createWallet, pickUpCredentials } from '../../fixtures/wallet.ts'

function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

const PAGES: Array<{ email: string; path: string; heading: string }> = [
  { email: DEMO_STAFF.board.email, path: '/licences', heading: 'Licences' },
  { email: DEMO_STAFF.board.email, path: '/licences/new', heading: 'Issue a licence' },
  { email: DEMO_STAFF.board.email, path: '/licences/import', heading: 'Import licences' },
  { email: DEMO_STAFF.hr.email, path: '/hiring', heading: 'Hiring' },
  { email: DEMO_STAFF.hr.email, path: '/staff', heading: 'Monitored staff' },
  { email: DEMO_STAFF.admin.email, path: '/oversight/audit', heading: 'Audit log' },
  { email: DEMO_STAFF.admin.email, path: '/alerts', heading: 'Alerts' },
]

test('staff areas at 375 px', async ({ page, loggedInAs }) => {
  await page.setViewportSize({ width: 375, height: 812 })
  for (const { email, path, heading } of PAGES) {
    await loggedInAs(email)
    await page.goto(path)
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
    await page.waitForLoadState('networkidle')
    expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0)
    await page.screenshot({ path: test.info().outputPath(`${path.replace(/\//g, '_') || 'home'}-375.png`), fullPage: true })
  }
})

test('the wallet and a presentation request at 375 px', async ({ walletPage, staffPage }) => {
  const page = await walletPage()
  await page.setViewportSize({ width: 375, height: 812 })
  await page.goto('/wallet')
  await expect(page.getByRole('heading', { name: 'Set up your wallet' })).toBeVisible()
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
  await page.screenshot({ path: test.info().outputPath('wallet-setup-375.png'), fullPage: true })

  const did = await createWallet(page)
  const board = await staffPage(DEMO_STAFF.board.email)
  await issueLicenceViaApi(board.page.request, board.session, { subjectDid: did })
  await pickUpCredentials(page)
  await expect(page.getByRole('article', { name: 'Clinician licence' }).getByText('Valid', { exact: true })).toBeVisible({ timeout: 20_000 })
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
  await page.screenshot({ path: test.info().outputPath('wallet-375.png'), fullPage: true })

  const hr = await staffPage(DEMO_STAFF.hr.email)
  const { createCandidate } = await gqlOk<{ createCandidate: { requestUrl: string } }>(
    hr.page.request,
    'mutation($n: String!) { createCandidate(name: $n) { requestUrl } }',
    { n: 'Narrow Screen Candidate' },
    hr.session.csrfToken,
  )
  await page.goto(createCandidate.requestUrl)
  await page.getByLabel('Passphrase').fill(WALLET_PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('checkbox', { name: 'Clinician licence' })).toBeChecked()
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
  await page.screenshot({ path: test.info().outputPath('present-375.png'), fullPage: true })

  await hr.page.setViewportSize({ width: 375, height: 812 })
  await hr.page.goto('/hiring')
  await hr.page.getByRole('link', { name: 'Narrow Screen Candidate' }).first().click()
  await expect(hr.page.getByRole('img', { name: /QR code/ })).toBeVisible()
  expect(await horizontalOverflow(hr.page)).toBeLessThanOrEqual(0)
  await hr.page.screenshot({ path: test.info().outputPath('candidate-375.png'), fullPage: true })
})
