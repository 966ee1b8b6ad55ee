/**
 * Journey 1: a board licenses a clinician who holds their own key; the hospital asks for credentials, the
 * clinician presents from the link, HR sees every check pass and hires; the clinician's wallet picks up the
 * licence and then the privileges itself. Four people, four browser contexts: board, clinician, HR.
 */
import { DEMO_ORGS, DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { isoDate, uniqueSuffix, validNpi, WALLET_PASSPHRASE } from '../../fixtures/test-data.ts'
import { createWallet, pickUpCredentials } from '../../fixtures/wallet.ts'

test('a licensed clinician is verified from their own wallet and hired', async ({ page: board, loggedInAs, staffPage, walletPage }) => {
  test.setTimeout(180_000)
  const suffix = uniqueSuffix()
  const name = `Dr. Journey ${suffix}`
  const licenceNumber = `J1-${suffix}`

  // The clinician sets up a wallet: the key is made in the browser.
  const clinician = await walletPage()
  const did = await createWallet(clinician)
  await expect(clinician.getByText('Your wallet has no credentials yet.')).toBeVisible()
  await clinician.screenshot({ path: test.info().outputPath('1-wallet-created.png'), fullPage: true })

  // The board issues a licence to that DID through the form.
  await loggedInAs(DEMO_STAFF.board.email)
  await board.goto('/licences/new')
  await board.getByLabel('Clinician DID').fill(did)
  await board.getByLabel('Full name').fill(name)
  await board.getByLabel('Specialty').fill('Emergency Medicine')
  await board.getByLabel('Licence type').selectOption('MD')
  await board.getByLabel('Jurisdiction').selectOption('US-CA')
  await board.getByLabel('Licence number').fill(licenceNumber)
  await board.getByLabel('NPI').fill(validNpi())
  await board.getByLabel('Expiry date').fill(isoDate(400))
  await board.getByRole('button', { name: 'Issue licence' }).click()
  await expect(board.getByRole('heading', { level: 1, name: 'Licence issued' })).toBeVisible()
  await expect(board.getByTestId('offer-did')).toHaveText(did)
  await board.screenshot({ path: test.info().outputPath('2-licence-issued.png'), fullPage: true })

  // The clinician's wallet picks the licence up and shows it as valid.
  await pickUpCredentials(clinician)
  await expect(clinician.getByText('One new credential was added to your wallet.')).toBeVisible()
  const licence = clinician.getByRole('article', { name: 'Clinician licence' })
  await expect(licence).toContainText(licenceNumber)
  await expect(licence.getByText('Valid', { exact: true })).toBeVisible({ timeout: 20_000 })
  await clinician.screenshot({ path: test.info().outputPath('3-licence-picked-up.png'), fullPage: true })

  // HR requests credentials: a link and its QR code.
  const { page: hr } = await staffPage(DEMO_STAFF.hr.email)
  await hr.goto('/hiring')
  await hr.getByLabel('Candidate’s name').fill(name)
  await hr.getByRole('button', { name: 'Request credentials' }).click()
  await expect(hr.getByRole('heading', { level: 1, name })).toBeVisible()
  await expect(hr.getByText('Waiting for credentials')).toBeVisible()
  const requestUrl = await hr.getByTestId('request-url').getAttribute('href')
  expect(requestUrl).toMatch(/\/wallet\/present\?request=/)
  await expect(hr.getByRole('img', { name: /QR code of the credential request link/ })).toBeVisible()
  await hr.screenshot({ path: test.info().outputPath('4-request.png'), fullPage: true })

  // The clinician opens the link (a fresh page load: the wallet is locked), unlocks, and presents.
  await clinician.goto(requestUrl!)
  await expect(clinician.getByRole('heading', { name: `${DEMO_ORGS.hospital} asks for your credentials` })).toBeVisible()
  await clinician.getByLabel('Passphrase').fill(WALLET_PASSPHRASE)
  await clinician.getByRole('button', { name: 'Unlock' }).click()
  const choice = clinician.getByRole('checkbox', { name: 'Clinician licence' })
  await expect(choice).toBeChecked()
  await clinician.screenshot({ path: test.info().outputPath('5-present.png'), fullPage: true })
  await clinician.getByRole('button', { name: `Present to ${DEMO_ORGS.hospital}` }).click()
  await expect(clinician.getByText(`Sent to ${DEMO_ORGS.hospital}`)).toBeVisible({ timeout: 20_000 })

  // HR's page notices by itself, and every check passed.
  await expect(hr.getByText('Every check passed', { exact: true })).toBeVisible({ timeout: 20_000 })
  await expect(hr.locator('.check--failed')).toHaveCount(0)
  const passed = hr.locator('.check--passed')
  expect(await passed.count()).toBeGreaterThanOrEqual(6)
  for (const title of ['Signature', 'Not revoked or suspended', 'Issuer accreditation', 'Belongs to the person presenting', 'Fresh and meant for us', 'Meets our requirements']) {
    await expect(hr.locator('.check--passed', { hasText: title }).first()).toBeVisible()
  }
  await expect(hr.getByRole('region', { name: 'Clinician licence' })).toContainText(licenceNumber)
  await hr.screenshot({ path: test.info().outputPath('6-report.png'), fullPage: true })

  // HR hires.
  await hr.getByLabel('Role').fill('Attending physician')
  await hr.getByLabel('Department').fill('Emergency')
  await hr.getByRole('checkbox', { name: 'Allergies' }).check()
  await hr.getByRole('checkbox', { name: 'Medications' }).check()
  await hr.getByRole('button', { name: 'Hire and issue privileges' }).click()
  await expect(hr.getByRole('heading', { name: 'Hired', exact: true })).toBeVisible({ timeout: 20_000 })
  await hr.screenshot({ path: test.info().outputPath('7-hired.png'), fullPage: true })

  // The clinician's wallet picks up the privileges (back to the wallet in the same tab: still unlocked).
  await clinician.getByRole('link', { name: 'Your wallet' }).click()
  await expect(clinician.getByText('One new credential was added to your wallet.')).toBeVisible({ timeout: 20_000 })
  const privileges = clinician.getByRole('article', { name: 'Staff privileges' })
  await expect(privileges).toContainText('Attending physician')
  await expect(privileges.getByText('Valid', { exact: true })).toBeVisible({ timeout: 20_000 })
  await clinician.screenshot({ path: test.info().outputPath('8-privileges.png'), fullPage: true })

  // The hospital now monitors the new hire.
  await hr.goto('/staff')
  const row = hr.getByRole('row', { name: new RegExp(name) })
  await expect(row).toBeVisible()
  await expect(row).toContainText('In good standing')
  await hr.screenshot({ path: test.info().outputPath('9-monitored.png'), fullPage: true })
})
