/** A patient erases their records from the wallet: confirmed, done, and nothing is readable afterwards, even in an emergency. */
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { arrangeRecordsCast, clinicianSignsIn, patientSignsIn } from '../../fixtures/records.ts'

test('a patient’s erasure request destroys their records', async ({ staffPage, walletPage }) => {
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
  await patient.page.getByRole('button', { name: 'Request erasure' }).click()
  const dialog = patient.page.getByRole('dialog', { name: 'Erase all your records at this hospital?' })
  await expect(dialog).toContainText('This cannot be undone')
  await dialog.getByRole('button', { name: 'Erase my records' }).click()
  await expect(patient.page.getByText('Your records were erased')).toBeVisible({ timeout: 20_000 })
  await expect(patient.page.getByRole('form', { name: 'Give consent' })).toHaveCount(0)
  await patient.page.screenshot({ path: test.info().outputPath('erased.png'), fullPage: true })

  await clinicianSignsIn(clinician.page)
  const form = clinician.page.getByRole('form', { name: 'Emergency access' })
  await form.getByLabel('Patient identifier').fill(patient.patientId)
  await form.getByLabel('Reason for emergency access').fill('Unconscious patient, history needed urgently')
  await form.getByRole('button', { name: 'Open emergency access' }).click()
  await expect(clinician.page.getByRole('alert').filter({ hasText: 'Emergency access was not opened' })).toContainText('records were erased at their request')
  await expect(clinician.page.getByText('Penicillin')).toHaveCount(0)
})
