import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginStaff } from './domain/accounts/staff-sessions.js'
import { startTestPlatform, type TestPlatform } from './testing/test-platform.js'
import { DEMO_LOGINS } from '../../prisma/seed/seed-demo.js'

describe('platform on PostgreSQL', () => {
  let p: TestPlatform

  beforeAll(async () => {
    p = await startTestPlatform({ database: 'postgres', demo: true })
  })
  afterAll(async () => {
    await p.destroy()
  })

  it('migrates, seeds the demo, and lets a demo user sign in', async () => {
    expect(p.config.database.kind).toBe('postgres')
    expect(await p.db.staffAccount.count()).toBe(DEMO_LOGINS.length)
    const result = await loginStaff(p.db, { email: 'hr@demo.test', password: 'credgate-demo', ip: '127.0.0.1' })
    expect(result.viewer.orgName).toBe('St. Demo General Hospital')
  })

  it('does not seed twice on restart against the same database', async () => {
    await p.stop()
    const again = await startTestPlatform({ databaseUrl: p.databaseUrl!, dataDir: p.dataDir, demo: true })
    try {
      expect(await again.db.organization.count()).toBe(4)
      expect(await again.db.staffAccount.count()).toBe(DEMO_LOGINS.length)
    } finally {
      await again.stop()
    }
  })
})
