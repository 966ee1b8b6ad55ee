/**
 * The HIRING stage (a hire has claimed the candidate and is issuing privileges) reads as "Hiring…": the
 * candidate page says a hire is in progress, offers neither the hire form nor closing the application, and
 * keeps polling until the stage moves on. The stage lasts only while a hire runs, too briefly to catch, so the
 * test holds it by rewriting the server's answer to the candidate query; the list filter asks the real server.
 */
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { gqlOk } from '../../fixtures/graphql.ts'
import { uniqueSuffix } from '../../fixtures/test-data.ts'

test('a candidate being hired shows “Hiring…” and the page follows the stage by itself', async ({ page, loggedInAs }) => {
  const session = await loggedInAs(DEMO_STAFF.hr.email)
  const name = `Cand Hiring ${uniqueSuffix()}`
  const { createCandidate } = await gqlOk<{ createCandidate: { id: string } }>(page.request, 'mutation($name: String!) { createCandidate(name: $name) { id } }', { name }, session.csrfToken)

  let held = 0
  await page.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON() as { operationName?: string } | null
    if (body?.operationName !== 'Candidate') return route.fallback()
    const response = await route.fetch()
    const json = (await response.json()) as { data: { candidate: { stage: string } } }
    json.data.candidate.stage = 'HIRING'
    held++
    return route.fulfill({ response, json })
  })
  await page.goto(`/hiring/${createCandidate.id}`)
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(page.getByText('Hiring…', { exact: true })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Hiring in progress' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'privileges are being issued' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Hire and issue privileges' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Close this application (not hired)' })).toHaveCount(0)
  await page.screenshot({ path: test.info().outputPath('hiring.png'), fullPage: true })

  // It keeps asking while HIRING, and shows the real stage as soon as the server answers it.
  await expect.poll(() => held, { timeout: 10_000 }).toBeGreaterThan(1)
  await page.unroute('**/graphql')
  await expect(page.getByText('Waiting for credentials', { exact: true })).toBeVisible({ timeout: 10_000 })
  await expect(page.getByRole('heading', { name: 'Hiring in progress' })).toHaveCount(0)

  // The list can be filtered by the stage, and the server accepts it.
  await page.goto('/hiring')
  await page.getByLabel('Stage').selectOption({ label: 'Hiring…' })
  await expect(page).toHaveURL(/stage=HIRING/)
  await expect(page.getByText('No candidate is at the stage “Hiring…”.')).toBeVisible()
})
