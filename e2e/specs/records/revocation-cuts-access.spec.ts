/**
 * Journey 3: the board revokes the licence; HR's monitored-staff view shows the alert; the clinician's record
 * access is denied. The clinician is hired through the hire path (candidate, presentation from their wallet,
 * hire), so the hospital monitors them; they are reading records under consent when the licence is revoked.
 */
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { gqlOk } from '../../fixtures/graphql.ts'
import { arrangeRecordsCast, clinicianSignsIn, patientGrantsConsent, patientSignsIn } from '../../fixtures/records.ts'

test('the board revokes the licence, HR’s monitored staff shows it, and the clinician’s records access is denied', async ({ staffPage, walletPage }) => {
  test.setTimeout(180_000)
  const board = await staffPage(DEMO_STAFF.board.email)
  const admin = await staffPage(DEMO_STAFF.admin.email)
  const hr = await staffPage(DEMO_STAFF.hr.email)
  const { clinician, patient } = await arrangeRecordsCast({
    board: { request: board.page.request, session: board.session },
    admin: { request: admin.page.request, session: admin.session },
    hr: { request: hr.page.request, session: hr.session },
    clinicianPage: await walletPage(),
    patientPage: await walletPage(),
  })

  // Hired, so HR monitors them: in good standing.
  await hr.page.goto('/staff')
  const row = hr.page.getByRole('row', { name: new RegExp(clinician.name) })
  await expect(row.getByRole('cell').nth(1)).toContainText('In good standing')

  await patientSignsIn(patient.page)
  await patientGrantsConsent(patient.page, clinician.did, ['Allergies'])
  await clinicianSignsIn(clinician.page)
  await clinician.page.getByRole('button', { name: `Open the records of ${patient.name}` }).click()
  const records = clinician.page.getByRole('region', { name: `Records of ${patient.name}` })
  await expect(records).toContainText('Penicillin')

  // The board revokes the licence (in its own dashboard).
  await board.page.goto(`/licences/${encodeURIComponent(clinician.licenceId)}`)
  await board.page.getByRole('button', { name: 'Revoke' }).click()
  const dialog = board.page.getByRole('dialog', { name: 'Revoke this licence permanently?' })
  await dialog.getByLabel('Reason').fill('Disciplinary decision')
  await dialog.getByRole('button', { name: 'Revoke permanently' }).click()
  await expect(board.page.getByRole('alert').filter({ hasText: 'This licence is revoked' })).toBeVisible()

  // HR's monitored-staff view: re-checked now (the background monitor runs every minute), the licence shows as
  // revoked and the page raises the alert.
  await hr.page.getByRole('button', { name: 'Re-check everyone now' }).click()
  await expect(hr.page.getByText('Everyone was re-checked just now.')).toBeVisible({ timeout: 20_000 })
  await expect(row.getByRole('cell').nth(1)).toContainText('Revoked')
  const attention = hr.page.getByRole('region', { name: /Needs attention/ })
  await expect(attention.getByRole('listitem').filter({ hasText: `${clinician.name}’s licence was revoked by its issuer` })).toContainText('Revoked')
  await hr.page.screenshot({ path: test.info().outputPath('monitored-staff-revoked.png'), fullPage: true })

  // The clinician's next read is refused and the session ends; signing in again is refused too.
  await records.getByRole('button', { name: 'Refresh' }).click()
  await expect(clinician.page.getByText('Your records session has ended')).toBeVisible({ timeout: 15_000 })
  await expect(clinician.page.getByText('Penicillin')).toHaveCount(0)
  await clinician.page.screenshot({ path: test.info().outputPath('session-cut.png'), fullPage: true })
  await clinician.page.getByRole('button', { name: 'Back to sign-in' }).click()
  await clinician.page.getByRole('button', { name: 'Sign in to patient records' }).click()
  await expect(clinician.page.getByRole('alert').filter({ hasText: 'You were not signed in' })).toBeVisible({ timeout: 20_000 })
  await expect(clinician.page.getByRole('region', { name: `Records of ${patient.name}` })).toHaveCount(0)
  await clinician.page.screenshot({ path: test.info().outputPath('sign-in-denied.png'), fullPage: true })

  // The wallet's own card for the licence turns to Revoked when the wallet comes back into view (no click).
  const licenceCard = clinician.page.locator('article[data-credential-type="ClinicianLicenseCredential"]').first()
  await clinician.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')))
  await expect(licenceCard.getByText('Revoked', { exact: true })).toBeVisible({ timeout: 15_000 })

  // The hospital's oversight sees both: the cut session and the monitored credential problem.
  const alerts = await gqlOk<{ alerts: Array<{ ruleKey: string }> }>(admin.page.request, '{ alerts(unacknowledgedOnly: true) { ruleKey } }')
  expect(alerts.alerts.map((a) => a.ruleKey)).toEqual(expect.arrayContaining(['license.revoked_with_active_session', 'monitoring.credential_problem']))
  await admin.page.goto('/alerts')
  await expect(admin.page.getByRole('listitem', { name: 'Revoked licence with an active session' }).first()).toBeVisible()
  await admin.page.screenshot({ path: test.info().outputPath('alert.png'), fullPage: true })
})
