/** A candidate presenting a revoked licence: HR sees the failed check explained in plain words, and no hire form. */
import { DEMO_ORGS, DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { gqlOk } from '../../fixtures/graphql.ts'
import { issueLicenceViaApi } from '../../fixtures/licences.ts'
import { uniqueSuffix, WALLET_PASSPHRASE } from '../../fixtures/test-data.ts'
import { createWallet, pickUpCredentials } from '../../fixtures/wallet.ts'

test('a revoked licence fails verification and the report says why', async ({ staffPage, walletPage }) => {
  test.setTimeout(120_000)
  const board = await staffPage(DEMO_STAFF.board.email)
  const clinician = await walletPage()
  const did = await createWallet(clinician)
  const name = `Dr. Revoked ${uniqueSuffix()}`
  const licence = await issueLicenceViaApi(board.page.request, board.session, { subjectDid: did, name })
  await pickUpCredentials(clinician)
  await gqlOk(
    board.page.request,
    'mutation($id: ID!) { changeCredentialStatus(id: $id, action: "revoke", reason: "Board decision") { id } }',
    { id: licence.id },
    board.session.csrfToken,
  )
  await clinician.getByRole('button', { name: 'Refresh status' }).click()
  const card = clinician.getByRole('article', { name: 'Clinician licence' })
  await expect(card.getByText('Revoked', { exact: true })).toBeVisible({ timeout: 20_000 })
  await expect(card).toContainText('The issuer has revoked it.')
  await clinician.screenshot({ path: test.info().outputPath('wallet-revoked.png'), fullPage: true })

  const { page: hr } = await staffPage(DEMO_STAFF.hr.email)
  await hr.goto('/hiring')
  await hr.getByLabel('Candidate’s name').fill(name)
  await hr.getByRole('button', { name: 'Request credentials' }).click()
  const requestUrl = await hr.getByTestId('request-url').getAttribute('href')

  await clinician.goto(requestUrl!)
  await clinician.getByLabel('Passphrase').fill(WALLET_PASSPHRASE)
  await clinician.getByRole('button', { name: 'Unlock' }).click()
  await clinician.getByRole('button', { name: `Present to ${DEMO_ORGS.hospital}` }).click()
  await expect(clinician.getByText('not every check passed')).toBeVisible({ timeout: 20_000 })

  await expect(hr.getByText('Verification failed', { exact: true })).toBeVisible({ timeout: 20_000 })
  await expect(hr.getByText('2 checks did not pass.')).toBeVisible()
  const failed = hr.locator('.check--failed', { hasText: 'Not revoked or suspended' }).first()
  await expect(failed).toContainText('The issuer has revoked it. It is permanently invalid.')
  await expect(hr.getByRole('button', { name: 'Hire and issue privileges' })).toHaveCount(0)
  await expect(hr.getByRole('button', { name: 'Send a new request' })).toBeVisible()
  await hr.screenshot({ path: test.info().outputPath('report-failed.png'), fullPage: true })
})
