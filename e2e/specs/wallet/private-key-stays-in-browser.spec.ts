/**
 * The wallet's private key never leaves the browser. The test makes a key itself, imports it through the
 * wallet's "Import a private key" form (so it knows the hex without any test hook), then uses the key for
 * everything the wallet signs — credential pickup, a presentation to a hospital, a records sign-in — while
 * recording every request the clinician's browser context sends (URL, headers, body). Neither the key (hex,
 * base64, base64url) nor the passphrase may appear in any of them.
 */
import { randomBytes } from 'node:crypto'
import { computeAddress, SigningKey } from 'ethers'
import type { Request } from '@playwright/test'
import { DEMO_STAFF, expect, test } from '../../fixtures/index.ts'
import { hireFromWallet } from '../../fixtures/hiring.ts'
import { issueLicenceViaApi } from '../../fixtures/licences.ts'
import { clinicianSignsIn, openWalletWithHospitalLink } from '../../fixtures/records.ts'
import { uniqueSuffix, WALLET_PASSPHRASE } from '../../fixtures/test-data.ts'

interface SentRequest {
  url: string
  method: string
  headers: string
  body: string
}

/** 32 random bytes that are a valid secp256k1 private key (almost every draw is). */
function makePrivateKey(): Buffer {
  for (;;) {
    const bytes = randomBytes(32)
    try {
      new SigningKey(bytes)
      return bytes
    } catch {
      // outside the curve order: draw again
    }
  }
}

test('an imported private key is used for pickup, presentation and records sign-in, and never sent', async ({ staffPage, walletPage }) => {
  test.setTimeout(180_000)
  const key = makePrivateKey()
  const hex = key.toString('hex')
  const secrets = {
    'hex key': hex,
    'hex key (upper case)': hex.toUpperCase(),
    'base64 key': key.toString('base64'),
    'base64url key': key.toString('base64url'),
    passphrase: WALLET_PASSPHRASE,
  }
  const expectedDid = `did:ethr:0x539:${computeAddress(`0x${hex}`).toLowerCase()}`

  const clinician = await walletPage()
  const sent: SentRequest[] = []
  const record = (request: Request) => {
    const body = request.postDataBuffer()
    sent.push({ url: request.url(), method: request.method(), headers: JSON.stringify(request.headers()), body: body ? body.toString('utf8') : '' })
  }
  clinician.context().on('request', record)
  const framesSent: string[] = []
  clinician.on('websocket', (socket) => socket.on('framesent', (frame) => framesSent.push(String(frame.payload))))

  // Import the key through the wallet's form.
  await clinician.goto('/wallet')
  await expect(clinician.getByRole('heading', { name: 'Set up your wallet' })).toBeVisible()
  await clinician.getByRole('radio', { name: /Import a private key/ }).check()
  await clinician.getByLabel('Private key (hex)').fill(`0x${hex}`)
  await clinician.getByLabel('Passphrase', { exact: true }).fill(WALLET_PASSPHRASE)
  await clinician.getByLabel('Passphrase again').fill(WALLET_PASSPHRASE)
  await clinician.screenshot({ path: test.info().outputPath('1-import-form.png'), fullPage: true })
  await clinician.getByRole('button', { name: 'Import my key' }).click()
  await expect(clinician.getByTestId('wallet-did')).toHaveText(expectedDid, { timeout: 20_000 })
  await clinician.screenshot({ path: test.info().outputPath('2-imported.png'), fullPage: true })

  // Use the key: pick up a licence, present it to a hospital and get hired, sign in to patient records.
  const board = await staffPage(DEMO_STAFF.board.email)
  const hr = await staffPage(DEMO_STAFF.hr.email)
  const hospitalId = hr.session.account.organization.id
  const name = `Dr. Imported ${uniqueSuffix()}`
  await issueLicenceViaApi(board.page.request, board.session, { subjectDid: expectedDid, name })
  await openWalletWithHospitalLink(clinician, hospitalId)
  await expect(clinician.getByRole('article', { name: 'Clinician licence' })).toBeVisible({ timeout: 20_000 })
  await hireFromWallet({ hr: { request: hr.page.request, session: hr.session }, clinicianPage: clinician, name })
  await openWalletWithHospitalLink(clinician, hospitalId)
  await expect(clinician.getByRole('article', { name: 'Staff privileges' })).toBeVisible({ timeout: 20_000 })
  await clinicianSignsIn(clinician)
  await clinician.screenshot({ path: test.info().outputPath('3-signed-in.png'), fullPage: true })
  clinician.context().off('request', record)

  // The recording saw the signed traffic (so an empty or partial recording cannot pass) ...
  const operations = sent.map((r) => /"operationName":"(\w+)"/.exec(r.body)?.[1]).filter(Boolean)
  expect(operations).toEqual(expect.arrayContaining(['FetchMyCredentials', 'SubmitPresentation', 'SignInClinician']))
  expect(sent.some((r) => r.body.includes('SubmitPresentation') && r.body.length > 1000)).toBe(true)

  // ... and no request carried the key or the passphrase, in any encoding.
  for (const [what, secret] of Object.entries(secrets)) {
    const leaks = sent.filter((r) => [r.url, safeDecode(r.url), r.headers, r.body].some((part) => part.includes(secret)))
    expect(leaks.map((r) => `${r.method} ${r.url}`), `${what} was sent`).toEqual([])
    expect(framesSent.filter((frame) => frame.includes(secret)), `${what} was sent over a WebSocket`).toEqual([])
  }
})

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url)
  } catch {
    return url
  }
}
