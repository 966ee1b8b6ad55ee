/**
 * A licence revoked or suspended for a clinician with open sessions alerts every hospital concerned at the
 * status change, once, before any further request; the next request still cuts the session, without a second
 * alert. A session cut for a reason no status change told (its privilege expired) alerts at the cut.
 * Real chain, real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { licenseClaims, seedCredential, seedHospital } from '../../../../prisma/seed/seed-functions.js'
import { seedCredentialWorld } from '../../testing/credential-fixtures.js'
import { clinicianSignIn } from '../../testing/records-fixtures.js'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { HolderWallet } from '../../wallet/holder-wallet.js'
import { SESSION_FLAGGED_ACTION } from '../audit/alert-rules.js'
import { recheckClinicianSession } from '../clinician-sessions/recheck-clinician-session.js'
import { changeCredentialStatus } from './change-credential-status.js'

const RULE = 'license.revoked_with_active_session'

describe('status changes and open clinician sessions', () => {
  let p: TestPlatform
  let w: Awaited<ReturnType<typeof seedCredentialWorld>>
  let second: Awaited<ReturnType<typeof seedHospital>>

  beforeAll(async () => {
    p = await startTestPlatform()
    w = await seedCredentialWorld(p)
    second = await seedHospital(p)
  })
  afterAll(async () => {
    await p?.destroy()
  })

  const boardAdmin = () => ({ kind: 'staff' as const, orgId: w.board.id, accountId: w.boardAdmin.account.id, roles: ['BOARD_ADMIN' as const] })
  const recheck = (token: string, now?: Date) => recheckClinicianSession(p, { token, field: 'test', ip: '127.0.0.1', ...(now ? { now } : {}) })
  const alertsFor = (did: string) => p.db.alert.findMany({ where: { ruleKey: RULE, subject: did }, orderBy: { createdAt: 'asc' } })

  async function clinicianAtTwoHospitals(name: string) {
    const { wallet } = HolderWallet.create(p.chain.didPrefix)
    const license = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: wallet.did, claims: licenseClaims({ name }) })
    const privilege = (issuer: { id: string; did: string; kind: string }) =>
      seedCredential(p, { issuer, type: 'StaffPrivilegeCredential', subjectDid: wallet.did, claims: { name, role: 'Nurse', department: 'ED', recordCategories: ['allergies'] } })
    const here = await privilege(w.hospital)
    const there = await privilege(second)
    return { wallet, license, here, there }
  }

  it('alerts each hospital where the clinician has an open session once, at the revocation, before any request; the next request still cuts', async () => {
    const c = await clinicianAtTwoHospitals('Nina Revoked')
    const a1 = await clinicianSignIn(p, c.wallet, [c.license.jwt, c.here.jwt], w.hospital.id)
    const a2 = await clinicianSignIn(p, c.wallet, [c.license.jwt, c.here.jwt], w.hospital.id) // two sessions at one hospital
    const b = await clinicianSignIn(p, c.wallet, [c.license.jwt, c.there.jwt], second.id)
    expect(await alertsFor(c.wallet.did)).toHaveLength(0)

    await changeCredentialStatus(p.db, { caller: boardAdmin(), input: { credentialId: c.license.id, action: 'revoke', reason: 'Licence revoked by the board' } })
    const alerts = await alertsFor(c.wallet.did)
    expect(alerts.map((a) => a.orgId).sort()).toEqual([w.hospital.id, second.id].sort())
    expect(alerts.every((a) => a.severity === 'critical' && a.message.endsWith('(REVOKED)'))).toBe(true)
    const flags = await p.db.auditEntry.findMany({ where: { action: SESSION_FLAGGED_ACTION, subject: c.wallet.did }, orderBy: { seq: 'asc' } })
    expect(flags.map((f) => [f.orgId, f.reasonCode, (JSON.parse(f.details) as { sessions: string[] }).sessions.sort()]).sort()).toEqual(
      [
        [w.hospital.id, 'REVOKED', [a1.clinician.sessionId, a2.clinician.sessionId].sort()],
        [second.id, 'REVOKED', [b.clinician.sessionId]],
      ].sort(),
    )
    // the board's audit does not name the hospitals; each hospital's audit holds its own flag
    expect(new Set(flags.map((f) => f.orgId))).not.toContain(w.board.id)
    expect(await p.db.didSession.count({ where: { did: c.wallet.did, endedAt: null } })).toBe(3) // cut on their next request

    for (const token of [a1.token, a2.token, b.token]) await expect(recheck(token)).rejects.toMatchObject({ code: 'REVOKED' })
    expect(await p.db.auditEntry.count({ where: { action: 'clinician.session_cut', subject: c.wallet.did, reasonCode: 'REVOKED' } })).toBe(3)
    expect(await alertsFor(c.wallet.did)).toHaveLength(2) // no second alert at the cut
  })

  it('alerts on a suspension too, and not for sessions that ended, expired or hold other credentials', async () => {
    const c = await clinicianAtTwoHospitals('Sam Suspended')
    const open = await clinicianSignIn(p, c.wallet, [c.license.jwt, c.here.jwt], w.hospital.id)
    const ended = await clinicianSignIn(p, c.wallet, [c.license.jwt, c.there.jwt], second.id)
    await p.db.didSession.update({ where: { id: ended.clinician.sessionId }, data: { endedAt: new Date(), endReason: 'SIGNED_OUT' } })
    // the hospital's own privilege at the other hospital: no open session holds it
    const suspended = await changeCredentialStatus(p.db, { caller: { kind: 'staff', orgId: second.id, accountId: 'hr', roles: ['HR'] }, input: { credentialId: c.there.id, action: 'suspend', reason: 'Paperwork pending' } })
    expect(suspended.status).toBe('SUSPENDED')
    expect(await alertsFor(c.wallet.did)).toHaveLength(0)

    await changeCredentialStatus(p.db, { caller: boardAdmin(), input: { credentialId: c.license.id, action: 'suspend', reason: 'Under investigation' } })
    expect((await alertsFor(c.wallet.did)).map((a) => [a.orgId, a.message.endsWith('(SUSPENDED)')])).toEqual([[w.hospital.id, true]])
    await changeCredentialStatus(p.db, { caller: boardAdmin(), input: { credentialId: c.license.id, action: 'reinstate', reason: 'Cleared' } })
    expect(await alertsFor(c.wallet.did)).toHaveLength(1) // reinstating tells nobody
    expect((await recheck(open.token)).did).toBe(c.wallet.did) // and the session goes on
  })

  it('alerts at the cut when no status change told the hospital (an expired privilege), once', async () => {
    const { wallet } = HolderWallet.create(p.chain.didPrefix)
    const license = await seedCredential(p, { issuer: w.board, type: 'ClinicianLicenseCredential', subjectDid: wallet.did, claims: licenseClaims({ name: 'Eve Expiring' }) })
    const privilege = await seedCredential(p, {
      issuer: w.hospital,
      type: 'StaffPrivilegeCredential',
      subjectDid: wallet.did,
      claims: { name: 'Eve Expiring', role: 'Nurse', department: 'ED', recordCategories: ['allergies'] },
      validUntil: new Date(Date.now() + 5 * 60_000),
    })
    const session = await clinicianSignIn(p, wallet, [license.jwt, privilege.jwt], w.hospital.id)
    const later = new Date(Date.now() + 6 * 60_000)
    await expect(recheck(session.token, later)).rejects.toMatchObject({ code: 'EXPIRED' })
    await expect(recheck(session.token, later)).rejects.toMatchObject({ code: 'EXPIRED' })
    expect((await alertsFor(wallet.did)).map((a) => [a.orgId, a.message.endsWith('(EXPIRED)')])).toEqual([[w.hospital.id, true]])
  })
})
