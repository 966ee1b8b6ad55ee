/** Smoke: the dashboard is served, staff can sign in (form and API), Home shows who they are, sign-out works. */
import type { Page } from '@playwright/test'
import { DEMO_ORGS, DEMO_STAFF, expect, test } from '../../fixtures/index.ts'

function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

test.describe('dashboard smoke', () => {
  test('the dashboard loads and sends a signed-out visitor to sign in', async ({ page }) => {
    await page.goto('/')
    await expect(page).toHaveURL(/\/login$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to CredGate' })).toBeVisible()
    await expect(page).toHaveTitle(/Sign in · CredGate/)
    await expect(page.getByLabel('Email')).toBeVisible()
    await expect(page.getByLabel('Password')).toBeVisible()

    // Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab')
    const skipLink = page.getByRole('link', { name: 'Skip to main content' })
    await expect(skipLink).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page.locator('main')).toBeFocused()
  })

  test('an unreachable server shows a plain message and a retry, never raw errors', async ({ page }) => {
    await page.route('**/graphql', (route) => route.abort('connectionrefused'))
    await page.goto('/')
    await expect(page.getByRole('heading', { level: 1, name: 'CredGate is not responding' })).toBeVisible()
    await expect(page.getByRole('alert')).toContainText('Cannot reach CredGate')
    await page.screenshot({ path: test.info().outputPath('unavailable.png') })
    await page.unroute('**/graphql')
    await page.getByRole('button', { name: 'Try again' }).click()
    await expect(page).toHaveURL(/\/login$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to CredGate' })).toBeVisible()
  })

  test('the sign-in form explains a wrong password, then signs HR in', async ({ page }) => {
    await page.goto('/login')
    const email = page.getByLabel('Email')
    const password = page.getByLabel('Password')
    const submit = page.getByRole('button', { name: 'Sign in' })

    await submit.click()
    await expect(page.getByText('Enter your email address.')).toBeVisible()
    await expect(email).toHaveAttribute('aria-invalid', 'true')
    await expect(email).toBeFocused()

    // The server's own validation (stricter than the browser's check) is shown beside the field.
    await email.fill('a..b@example.org')
    await password.fill('whatever')
    await submit.click()
    await expect(page.getByText('Email must be an email address.')).toBeVisible()
    await expect(email).toBeFocused()

    await email.fill(DEMO_STAFF.hr.email)
    await password.fill('not-the-password')
    await submit.click()
    await expect(page.getByRole('alert')).toContainText('Email or password is incorrect')
    await expect(page).toHaveURL(/\/login$/)
    await page.screenshot({ path: test.info().outputPath('login-error.png'), fullPage: true })

    await password.fill('credgate-demo')
    await password.press('Enter')
    await expect(page).toHaveURL(/\/$/)
    await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${DEMO_STAFF.hr.name}` })).toBeVisible()
    const organisation = page.getByRole('region', { name: 'Your organisation' })
    await expect(organisation).toContainText(DEMO_ORGS.hospital)
    await expect(organisation).toContainText('Hospital')
    await expect(organisation.locator('code').first()).toContainText(/^did:ethr:/)
    await expect(organisation.getByTestId('hospital-wallet-link')).toContainText(/\/wallet\?hospital=/)
    await expect(page.getByRole('region', { name: 'Your account' })).toContainText('Human resources')
  })

  test('an API sign-in lands a board admin on Home with the platform details', async ({ page, loggedInAs }) => {
    const session = await loggedInAs(DEMO_STAFF.board.email)
    expect(session.account.roles).toEqual(['BOARD_ADMIN'])

    await page.goto('/')
    await expect(page).toHaveURL(/\/$/)
    await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${DEMO_STAFF.board.name}` })).toBeVisible()
    const organisation = page.getByRole('region', { name: 'Your organisation' })
    await expect(organisation).toContainText(DEMO_ORGS.board)
    await expect(organisation).toContainText('Licensing board')
    await expect(organisation).toContainText(session.account.organization.did)

    const platform = page.getByRole('region', { name: 'Platform' })
    await expect(platform).toContainText('Chain ID')
    await expect(platform).toContainText('1337')
    await expect(platform).toContainText(/did:ethr:0x539:0x[0-9a-f]+/)
    await expect(platform).toContainText(/0x[0-9a-fA-F]{40}/)
    await page.screenshot({ path: test.info().outputPath('home.png'), fullPage: true })

    // A signed-in visit to /login goes Home; an unknown address is a 404 page inside the frame.
    await page.goto('/login')
    await expect(page).toHaveURL(/\/$/)
    await page.goto('/no-such-page')
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
    await page.getByRole('link', { name: 'Go to the dashboard' }).click()
    await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${DEMO_STAFF.board.name}` })).toBeVisible()
  })

  test('sign out ends the session and returns to sign-in', async ({ page, loggedInAs }) => {
    await loggedInAs(DEMO_STAFF.admin.email)
    await page.goto('/')
    await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${DEMO_STAFF.admin.name}` })).toBeVisible()

    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(/\/login$/)
    await expect(page.getByRole('status')).toContainText('You have signed out.')

    // The server session is gone too: Home sends us back to sign in.
    await page.goto('/')
    await expect(page).toHaveURL(/\/login$/)
    const session = await page.request.post('/graphql', { data: { query: '{ session { csrfToken } }' } })
    expect(await session.json()).toEqual({ data: { session: null } })
  })

  test('a locked account is told so in plain words', async ({ page }) => {
    // Five failures lock the account (server: LOCKOUT_THRESHOLD); trust@ is used by no other spec.
    for (let i = 0; i < 5; i++) {
      await page.request.post('/graphql', {
        data: { query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken } }', variables: { e: DEMO_STAFF.trust.email, p: `wrong-${i}` } },
      })
    }
    await page.goto('/login')
    await page.getByLabel('Email').fill(DEMO_STAFF.trust.email)
    await page.getByLabel('Password').fill('credgate-demo')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('alert')).toContainText('temporarily locked after too many failed sign-ins')
    await expect(page).toHaveURL(/\/login$/)
  })

  test('sign-in and Home work on a 375 px wide screen', async ({ page, loggedInAs }) => {
    await page.setViewportSize({ width: 375, height: 812 })
    await page.goto('/login')
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to CredGate' })).toBeVisible()
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
    await page.screenshot({ path: test.info().outputPath('login-375.png'), fullPage: true })

    await loggedInAs(DEMO_STAFF.hr.email)
    await page.goto('/')
    await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${DEMO_STAFF.hr.name}` })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Platform' })).toContainText('Chain ID')
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
    await page.screenshot({ path: test.info().outputPath('home-375.png'), fullPage: true })
  })
})
