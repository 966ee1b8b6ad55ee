/**
 * A page whose code cannot be downloaded (a lazy route's chunk: after a deploy, or on a dropped connection)
 * shows a plain-language message with a keyboard-reachable reload inside the usual frame — never a blank app,
 * never an error text or stack. Moving to another page clears it; reloading once the code is reachable recovers.
 */
import { expect, test } from '../../fixtures/index.ts'

const WALLET_CHUNK = /\/assets\/wallet-page-[\w-]+\.js$/

test('a page whose code fails to load shows a plain message and a reload that recovers', async ({ page }) => {
  await page.route(WALLET_CHUNK, (route) => route.abort('connectionreset'))
  await page.goto('/wallet')

  const alert = page.getByRole('alert')
  await expect(page.getByRole('heading', { level: 1, name: 'This page could not be shown' })).toBeVisible()
  await expect(alert).toContainText('Something went wrong')
  await expect(alert).toContainText('Reload to try again.')
  await expect(page.getByRole('link', { name: 'CredGate home' })).toBeVisible()
  const text = await page.locator('body').innerText()
  expect(text).not.toMatch(/TypeError|Failed to fetch|dynamically imported module|\.js:\d+|\bat \S+ \(/)
  await page.screenshot({ path: test.info().outputPath('page-failed.png'), fullPage: true })

  // The reload is reachable with the keyboard (after the skip link and the brand link).
  const reload = alert.getByRole('button', { name: 'Reload the page' })
  for (let presses = 0; presses < 5 && !(await reload.evaluate((el) => el === document.activeElement)); presses++) await page.keyboard.press('Tab')
  await expect(reload).toBeFocused()

  // Another page still works (the message belongs to the failed page only).
  await page.getByRole('link', { name: 'CredGate home' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to CredGate' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'This page could not be shown' })).toHaveCount(0)

  // Back on the failed page, once its code is reachable again, Reload recovers it.
  await page.goBack()
  await expect(reload).toBeVisible()
  await page.unroute(WALLET_CHUNK)
  await reload.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Set up your wallet' })).toBeVisible({ timeout: 20_000 })
  await expect(page.getByRole('heading', { name: 'This page could not be shown' })).toHaveCount(0)
})
