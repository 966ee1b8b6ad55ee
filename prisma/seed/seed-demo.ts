/**
 * Demo data for `npm start` (never in production): a trust anchor, a licensing board for US-CA, a hospital,
 * two clinicians and two patients, and the staff logins board@, hr@ and admin@demo.test.
 * Idempotent: every piece is found by its natural key before it is created, so a second start (or a start
 * after an interrupted seed) adds nothing twice. The clinicians' and patients' own keys are written to
 * DATA_DIR/demo-wallets.json (mode 0600) for the people playing them; the database never holds them.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Platform } from '../../server/src/platform.js'
import { readSetting, writeSetting, SettingKey } from '../../server/src/settings.js'
import { defaultHiringPolicy } from '../../server/src/domain/verification/presentation-policies.js'
import { seedAccreditation, seedBoard, seedCredential, seedHospital, seedPersonKey, seedStaff, seedTrustAnchor, type SeededPerson } from './seed-functions.js'
import { seedPatient, seedRecords } from './seed-patients.js'
import { sampleRecords } from './sample-records.js'
import type { RecordCategory } from '../../server/src/domain/credentials/credential-types.js'

/** Bump when the demo gains data; every step below is idempotent, so older demo databases catch up. */
const DEMO_VERSION = 'v3'

export const DEMO_NAMES = {
  trustAnchor: 'Federation of State Medical Boards (demo)',
  board: 'Medical Board of California (demo)',
  hospital: 'St. Demo General Hospital',
} as const

export const DEMO_LOGINS = [
  { email: 'board@demo.test', name: 'Bea Board', org: 'board', roles: ['BOARD_ADMIN'] },
  { email: 'hr@demo.test', name: 'Hal HR', org: 'hospital', roles: ['HR'] },
  { email: 'admin@demo.test', name: 'Ada Admin', org: 'hospital', roles: ['HOSPITAL_ADMIN', 'PRIVACY_OFFICER', 'AUDITOR'] },
  { email: 'trust@demo.test', name: 'Tom Trust', org: 'trustAnchor', roles: ['TRUST_ADMIN'] },
] as const

export interface DemoWallets {
  clinicians: SeededPerson[]
  patients: SeededPerson[]
}

export async function seedDemo(platform: Platform): Promise<{ created: boolean }> {
  if (platform.config.nodeEnv === 'production') throw new Error('demo data is never seeded in production')
  if ((await readSetting(platform.db, SettingKey.demoSeeded)) === DEMO_VERSION) return { created: false }

  const orgs = {
    trustAnchor: await seedTrustAnchor(platform, DEMO_NAMES.trustAnchor),
    board: await seedBoard(platform, { name: DEMO_NAMES.board, jurisdiction: 'US-CA' }),
    hospital: await seedHospital(platform, { name: DEMO_NAMES.hospital, jurisdiction: 'US-CA' }),
  }
  for (const login of DEMO_LOGINS) {
    await seedStaff(platform, { orgId: orgs[login.org].id, email: login.email, name: login.name, password: platform.config.demo.password, roles: [...login.roles] })
  }

  const walletFile = path.join(platform.config.dataDir, 'demo-wallets.json')
  if (!fs.existsSync(walletFile)) {
    const wallets: DemoWallets = {
      clinicians: [seedPersonKey(platform, 'Dr. Alice Nguyen'), seedPersonKey(platform, 'Dr. Ben Okafor')],
      patients: [seedPersonKey(platform, 'Carla Diaz'), seedPersonKey(platform, 'Dan Smith')],
    }
    fs.mkdirSync(platform.config.dataDir, { recursive: true })
    fs.writeFileSync(walletFile, `${JSON.stringify(wallets, null, 2)}\n`, { mode: 0o600 })
  }
  const wallets = readDemoWallets(platform.config.dataDir)!

  // The board is accredited for the common licence types in California.
  const accredited = await platform.db.issuedCredential.count({ where: { type: 'AccreditationCredential', subjectDid: orgs.board.did, status: 'ACTIVE' } })
  if (accredited === 0) {
    await seedAccreditation(platform, { anchor: orgs.trustAnchor, board: orgs.board, licenseTypes: ['MD', 'DO', 'RN', 'NP', 'PA', 'PharmD'], jurisdictions: ['US-CA'], validUntil: new Date(Date.now() + 3 * 365 * 86_400_000) })
  }
  // Dr. Ben Okafor already holds a licence; Dr. Alice Nguyen gets hers in the demo journey.
  const ben = wallets.clinicians[1]!
  if ((await platform.db.issuedCredential.count({ where: { subjectDid: ben.did } })) === 0) {
    await seedCredential(platform, {
      issuer: orgs.board,
      type: 'ClinicianLicenseCredential',
      subjectDid: ben.did,
      claims: { name: ben.name, licenseType: 'MD', licenseNumber: 'A104233', jurisdiction: 'US-CA', specialty: 'Internal Medicine', npi: '1245319599' },
      validUntil: new Date(Date.now() + 2 * 365 * 86_400_000),
    })
  }
  // The hospital's hiring policy, defined once and reused for every candidate.
  if (!(await platform.db.presentationPolicy.findFirst({ where: { orgId: orgs.hospital.id, name: 'hiring' } }))) {
    await platform.db.presentationPolicy.create({ data: { orgId: orgs.hospital.id, name: 'hiring', definition: JSON.stringify(defaultHiringPolicy('US-CA')) } })
  }
  // v3: both demo patients registered at the hospital (a PatientIdentityCredential to their own DID; their
  // wallets pick it up with DID authentication) with FHIR-shaped records in every category.
  const demoPatients = [
    { person: wallets.patients[0]!, birthDate: '1987-03-12', medicalRecordNumber: 'MRN-100234', records: sampleRecords('a') },
    { person: wallets.patients[1]!, birthDate: '1954-11-02', medicalRecordNumber: 'MRN-100987', records: sampleRecords('b') },
  ]
  for (const demo of demoPatients) {
    const { patient } = await seedPatient(platform, { hospitalId: orgs.hospital.id, did: demo.person.did, name: demo.person.name, birthDate: demo.birthDate, medicalRecordNumber: demo.medicalRecordNumber })
    if (patient.erasedAt) continue
    const missing = Object.fromEntries(
      await Promise.all(
        (Object.entries(demo.records) as Array<[RecordCategory, Array<Record<string, unknown>>]>).map(async ([category, resources]) => [category, (await platform.db.patientRecord.count({ where: { patientId: patient.id, category } })) === 0 ? resources : []] as const),
      ),
    )
    await seedRecords(platform, { hospitalId: orgs.hospital.id, patientId: patient.id, records: missing })
  }
  await writeSetting(platform.db, SettingKey.demoSeeded, DEMO_VERSION)
  return { created: true }
}

export function readDemoWallets(dataDir: string): DemoWallets | undefined {
  const file = path.join(dataDir, 'demo-wallets.json')
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DemoWallets) : undefined
}
