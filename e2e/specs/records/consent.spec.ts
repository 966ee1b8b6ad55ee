/**
 * Journey 2: a patient grants a clinician consent for some categories from their wallet; the clinician reads
 * exactly those; the patient sees the access and revokes the consent, which cuts access on the next read.
 */
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { arrangeRecordsCast, clinicianSignsIn, patientGrantsConsent, patientSignsIn } from '../../fixtures/records.ts'

test('consent opens exactly the chosen categories, and revoking it closes them at once', async ({ staffPage, walletPage }) => {
  test.setTimeout(180_000)
  const board = await staffPage(DEMO_STAFF.board.email)
  const admin = await staffPage(DEMO_STAFF.admin.email)
  const cast = await arrangeRecordsCast({
    board: { request: board.page.request, session: board.session },
    admin: { request: admin.page.request, session: admin.session },
    clinicianPage: await walletPage(),
    patientPage: await walletPage(),
  })
  const { clinician, patient } = cast

  await patientSignsIn(patient.page)
  await patientGrantsConsent(patient.page, clinician.did, ['Allergies', 'Clinical notes'])
  const consent = patient.page.getByRole('listitem', { name: 'Consent for Allergies, Clinical notes' })
  await expect(consent).toContainText('In force')
  await patient.page.screenshot({ path: test.info().outputPath('1-consent-given.png'), fullPage: true })

  await clinicianSignsIn(clinician.page)
  await expect(clinician.page.getByText(patient.name)).toBeVisible()
  await clinician.page.getByRole('button', { name: `Open the records of ${patient.name}` }).click()
  const records = clinician.page.getByRole('region', { name: `Records of ${patient.name}` })
  await expect(records.getByRole('region', { name: 'Allergies' })).toContainText('Penicillin')
  await expect(records.getByRole('region', { name: 'Clinical notes' })).toContainText('Doing well.')
  const withheld = records.getByRole('region', { name: 'Withheld' })
  await expect(withheld).toContainText('Medications')
  await expect(withheld).toContainText('The patient has not given consent that covers this.')
  await expect(records.getByText('Albuterol inhaler')).toHaveCount(0)
  await clinician.page.screenshot({ path: test.info().outputPath('2-clinician-reads.png'), fullPage: true })

  // The patient sees who read what, under which consent.
  await patient.page.reload()
  await patient.page.getByLabel('Passphrase').fill('correct horse battery staple')
  await patient.page.getByRole('button', { name: 'Unlock' }).click()
  await patientSignsIn(patient.page)
  const log = patient.page.getByRole('region', { name: 'Who accessed your records' })
  await expect(log.getByRole('row', { name: new RegExp(clinician.name) }).first()).toContainText('your consent')

  // Revocation: effective on the clinician's very next read.
  await patient.page.getByRole('listitem', { name: 'Consent for Allergies, Clinical notes' }).getByRole('button', { name: 'Revoke' }).click()
  await patient.page.getByRole('dialog', { name: 'Revoke this consent?' }).getByRole('button', { name: 'Revoke now' }).click()
  await expect(patient.page.getByRole('listitem', { name: 'Consent for Allergies, Clinical notes' })).toContainText('Revoked')
  await patient.page.screenshot({ path: test.info().outputPath('3-revoked.png'), fullPage: true })

  await records.getByRole('button', { name: 'Refresh' }).click()
  await expect(records.getByRole('alert')).toContainText('You have no access to these records now')
  await expect(records.getByRole('alert')).toContainText('The patient has withdrawn their consent.')
  await expect(records.getByText('Penicillin')).toHaveCount(0)
  await clinician.page.screenshot({ path: test.info().outputPath('4-access-gone.png'), fullPage: true })
})
