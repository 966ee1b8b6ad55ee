/**
 * Journey 4: in an emergency a clinician without consent opens break-glass with a reason and sees only the
 * emergency summary; the patient sees it in their access history, and the privacy officer is alerted.
 */
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { arrangeRecordsCast, clinicianSignsIn, patientSignsIn } from '../../fixtures/records.ts'

test('break-glass gives the emergency summary only, and is shown to the patient and the privacy officer', async ({ staffPage, walletPage }) => {
  test.setTimeout(180_000)
  const board = await staffPage(DEMO_STAFF.board.email)
  const admin = await staffPage(DEMO_STAFF.admin.email)
  const { clinician, patient } = await arrangeRecordsCast({
    board: { request: board.page.request, session: board.session },
    admin: { request: admin.page.request, session: admin.session },
    clinicianPage: await walletPage(),
    patientPage: await walletPage(),
  })

  await clinicianSignsIn(clinician.page)
  await expect(clinician.page.getByText('No patient has given you consent yet.')).toBeVisible()
  const form = clinician.page.getByRole('form', { name: 'Emergency access' })
  await form.getByLabel('Patient identifier').fill(patient.patientId)
  await form.getByLabel('Reason for emergency access').fill('short')
  await form.getByRole('button', { name: 'Open emergency access' }).click()
  await expect(form.getByText('Describe the emergency in at least 10 characters.')).toBeVisible()
  const reason = 'Unconscious patient in the emergency room, anaphylaxis suspected'
  await form.getByLabel('Reason for emergency access').fill(reason)
  await form.getByRole('button', { name: 'Open emergency access' }).click()

  const emergency = clinician.page.getByRole('region', { name: 'Emergency access (break-glass)' })
  await expect(emergency.getByText('Emergency access is open')).toBeVisible({ timeout: 15_000 })
  await expect(emergency.getByRole('region', { name: 'Allergies' })).toContainText('Penicillin')
  await expect(emergency.getByRole('region', { name: 'Medications' })).toContainText('Albuterol inhaler')
  await expect(emergency.getByText('Doing well.')).toHaveCount(0)
  await clinician.page.screenshot({ path: test.info().outputPath('1-break-glass.png'), fullPage: true })

  await patientSignsIn(patient.page)
  const log = patient.page.getByRole('region', { name: 'Who accessed your records' })
  const row = log.getByRole('row', { name: /Break-glass/ }).first()
  await expect(row).toContainText(reason)
  await patient.page.screenshot({ path: test.info().outputPath('2-patient-sees-it.png'), fullPage: true })

  await admin.page.goto('/alerts')
  const alert = admin.page.getByRole('listitem', { name: 'Break-glass access' }).first()
  await expect(alert).toBeVisible()
  await admin.page.screenshot({ path: test.info().outputPath('3-alert.png'), fullPage: true })
  await alert.getByRole('button', { name: /^Acknowledge/ }).click()

  // The privacy officer reviews the use, which closes it.
  const review = admin.page.getByRole('listitem', { name: `Break-glass by ${clinician.name}` })
  await expect(review).toContainText(reason)
  await review.getByRole('button', { name: 'Mark as reviewed' }).click()
  await expect(review.getByText('Write what you checked and concluded')).toBeVisible()
  await review.getByLabel('Review note').fill('Confirmed with the ER lead: justified.')
  await review.getByRole('button', { name: 'Mark as reviewed' }).click()
  await expect(review).toHaveCount(0)
})
