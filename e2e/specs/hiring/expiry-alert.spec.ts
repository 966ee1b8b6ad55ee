/**
 * A hired clinician whose licence expires within 30 days: HR's monitored-staff page raises the 30-day expiry
 * alert and draws the licence in the 30-day band of the expiry timeline; the re-check records the warning,
 * which the hospital's alerts list.
 */
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { gqlOk } from '../../fixtures/graphql.ts'
import { hireFromWallet } from '../../fixtures/hiring.ts'
import { issueLicenceViaApi } from '../../fixtures/licences.ts'
import { openWalletWithHospitalLink } from '../../fixtures/records.ts'
import { isoDate, uniqueSuffix } from '../../fixtures/test-data.ts'
import { createWallet } from '../../fixtures/wallet.ts'

test('a licence expiring within 30 days is flagged on monitored staff and drawn in the 30-day band', async ({ staffPage, walletPage }) => {
  test.setTimeout(120_000)
  const board = await staffPage(DEMO_STAFF.board.email)
  const hr = await staffPage(DEMO_STAFF.hr.email)
  const admin = await staffPage(DEMO_STAFF.admin.email)
  const name = `Dr. Expiring ${uniqueSuffix()}`

  const clinician = await walletPage()
  const did = await createWallet(clinician)
  await issueLicenceViaApi(board.page.request, board.session, { subjectDid: did, name, validUntil: isoDate(20) })
  await openWalletWithHospitalLink(clinician, hr.session.account.organization.id)
  await expect(clinician.getByRole('article', { name: 'Clinician licence' })).toBeVisible({ timeout: 20_000 })
  await hireFromWallet({ hr: { request: hr.page.request, session: hr.session }, clinicianPage: clinician, name })

  await hr.page.goto('/staff')
  await hr.page.getByRole('button', { name: 'Re-check everyone now' }).click()
  await expect(hr.page.getByText('Everyone was re-checked just now.')).toBeVisible({ timeout: 20_000 })

  // The alert: "Expires within 30 days", naming the clinician and their licence.
  const attention = hr.page.getByRole('region', { name: /Needs attention/ })
  const alert = attention.getByRole('listitem').filter({ hasText: `${name}’s licence expires on` })
  await expect(alert).toHaveCount(1)
  await expect(alert).toContainText('Expires within 30 days')
  await expect(alert).toContainText(/in (19|20) days/)

  // The timeline: the chart counts it within 30 days and marks the licence (a circle) in the urgent band.
  const chart = hr.page.getByRole('img', { name: /^Upcoming expiries/ })
  await expect(chart).toHaveAccessibleName(/[1-9]\d* within 30 days/)
  await expect(chart.locator('circle.timeline-chart__mark--urgent').filter({ hasText: `${name}: licence expire` })).toHaveCount(1)
  await expect(chart.getByText(name, { exact: true })).toBeVisible()

  // The table says the same in words.
  const row = hr.page.getByRole('row', { name: new RegExp(name) })
  await expect(row.getByRole('cell').nth(1)).toContainText('Expiring soon')
  await expect(row.getByRole('cell').nth(1)).toContainText(/in (19|20) days/)
  await hr.page.screenshot({ path: test.info().outputPath('expiring.png'), fullPage: true })

  // The re-check recorded the warning; the hospital's alerts show it.
  const alerts = await gqlOk<{ alerts: Array<{ ruleKey: string }> }>(admin.page.request, '{ alerts(unacknowledgedOnly: true) { ruleKey } }')
  expect(alerts.alerts.map((a) => a.ruleKey)).toContain('monitoring.expiring')
  await admin.page.goto('/alerts')
  await expect(admin.page.getByRole('listitem', { name: 'Staff credential expiring' }).first()).toBeVisible()
})
