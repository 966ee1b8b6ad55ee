/** The demo's patients: registered at the demo hospital with records in every category, idempotently. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RECORD_CATEGORIES } from '../../server/src/domain/credentials/credential-types.js'
import { readRecordsAsPatient } from '../../server/src/domain/records/read-records.js'
import { patientSignIn } from '../../server/src/testing/records-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../../server/src/testing/test-platform.js'
import { HolderWallet } from '../../server/src/wallet/holder-wallet.js'
import { SettingKey, writeSetting } from '../../server/src/settings.js'
import { DEMO_NAMES, readDemoWallets, seedDemo } from './seed-demo.js'

describe('demo patients and records', () => {
  let p: TestPlatform

  beforeAll(async () => {
    p = await startTestPlatform({ demo: true })
  })
  afterAll(async () => {
    await p?.destroy()
  })

  it('registers both demo patients with FHIR-shaped records in every category, readable with their own keys', async () => {
    const hospital = await p.db.organization.findFirstOrThrow({ where: { name: DEMO_NAMES.hospital } })
    const wallets = readDemoWallets(p.config.dataDir)!
    expect(await p.db.patient.count()).toBe(2)
    for (const person of wallets.patients) {
      const patient = await p.db.patient.findUniqueOrThrow({ where: { orgId_did: { orgId: hospital.id, did: person.did } } })
      const identity = await p.db.issuedCredential.findUniqueOrThrow({ where: { id: patient.identityCredentialId } })
      const { patient: session } = await patientSignIn(p, new HolderWallet(person), identity.jwt, hospital.id)
      const view = await readRecordsAsPatient(p, { patient: session })
      expect(new Set(view.records.map((r) => r.category))).toEqual(new Set(RECORD_CATEGORIES))
    }
  })

  it('adds nothing twice when the demo is seeded again (e.g. upgrading a v2 demo database)', async () => {
    const before = { patients: await p.db.patient.count(), records: await p.db.patientRecord.count(), credentials: await p.db.issuedCredential.count() }
    await writeSetting(p.db, SettingKey.demoSeeded, 'v2')
    expect(await seedDemo(p)).toEqual({ created: true })
    expect(await seedDemo(p)).toEqual({ created: false })
    expect({ patients: await p.db.patient.count(), records: await p.db.patientRecord.count(), credentials: await p.db.issuedCredential.count() }).toEqual(before)
  })
})
