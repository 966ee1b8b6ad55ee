/**
 * Journey 3: a clinician reading records under consent loses access on their next request when the board
 * revokes their licence; the hospital is alerted.
 */
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { gqlOk } from '../../fixtures/graphql.ts'
import { arrangeRecordsCast, clinicianSignsIn, patientGrantsConsent, patientSignsIn } from '../../fixtures/records.ts'

test('revoking the licence ends the clinician’s records session on the next request', async ({ staffPage, walletPage }) => {
  test.setTimeout(180_000)
  const board = await staffPage(DEMO_STAFF.board.email)
  const admin = await staffPage(DEMO_STAFF.admin.email)
  const { clinician, patient } = await arrangeRecordsCast({
    board: { request: board.page.request, session: board.session },
    admin: { request: admin.page.request, session: admin.session },
    clinicianPage: await walletPage(),
    patientPage: await walletPage(),
  })

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

  // The clinician's next read is refused and the session ends.
  await records.getByRole('button', { name: 'Refresh' }).click()
  await expect(clinician.page.getByText('Your records session has ended')).toBeVisible({ timeout: 15_000 })
  await expect(clinician.page.getByText('Penicillin')).toHaveCount(0)
  await clinician.page.screenshot({ path: test.info().outputPath('session-cut.png'), fullPage: true })

  // The hospital's oversight sees it.
  const alerts = await gqlOk<{ alerts: Array<{ ruleKey: string }> }>(admin.page.request, '{ alerts(unacknowledgedOnly: true) { ruleKey } }')
  expect(alerts.alerts.map((a) => a.ruleKey)).toContain('license.revoked_with_active_session')
  await admin.page.goto('/alerts')
  await expect(admin.page.getByRole('listitem', { name: 'Revoked licence with an active session' }).first()).toBeVisible()
  await admin.page.screenshot({ path: test.info().outputPath('alert.png'), fullPage: true })
})
