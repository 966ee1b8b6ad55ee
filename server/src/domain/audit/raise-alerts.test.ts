/**
 * Alert rules as data, on both real databases: the default rules for repeated refusals raise one alert per
 * actor, organisation and window; entries of no organisation raise platform-level alerts that only the
 * platform's staff and trust administrators see; an organisation's own threshold applies to its alerts only,
 * validated and audited.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js'
import { DEFAULT_ALERT_RULES, ensureDefaultAlertRules, SESSION_FLAGGED_ACTION } from './alert-rules.js'
import { appendAuditEntry, type AuditEvent } from './append-audit-entry.js'
import { acknowledgeAlert, listAlertRules, listAlerts, updateAlertRule } from './query-audit.js'

describe.each(['sqlite', 'postgres'] as const)('alert rules (%s)', (database) => {
  let p: TestPlatform
  let hospitalA: string
  let hospitalB: string
  let anchorOrg: string
  const t0 = new Date('2030-01-01T00:00:00Z').getTime()
  const at = (seconds: number) => new Date(t0 + seconds * 1000)
  const append = (event: AuditEvent) => p.db.$transaction((tx) => appendAuditEntry(tx, event))
  const alertsOf = (ruleKey: string, actor: string) => p.db.alert.findMany({ where: { ruleKey, actor }, orderBy: { createdAt: 'asc' } })
  const org = async (kind: string) => (await p.db.organization.create({ data: { kind, name: `${kind} ${crypto.randomUUID()}`, did: `did:example:${crypto.randomUUID()}` } })).id

  beforeAll(async () => {
    p = await startTestPlatform({ database })
    hospitalA = await org('HOSPITAL')
    hospitalB = await org('HOSPITAL')
    anchorOrg = await org('TRUST_ANCHOR')
  })
  afterAll(async () => {
    await p?.destroy()
  })

  const repeated: Array<[string, string, AuditEvent['actorType']]> = [
    ['staff.repeated_access_refusals', 'staff.access', 'STAFF'],
    ['clinician.repeated_sign_in_failures', 'clinician.sign_in', 'DID'],
    ['patient.repeated_sign_in_failures', 'patient.sign_in', 'ANONYMOUS'],
    ['patient.repeated_access_denials', 'patient.access', 'DID'],
    ['credential.repeated_refusals', 'credential.revoke', 'STAFF'],
    ['credential.repeated_refusals', 'credential.issue', 'STAFF'],
    ['hiring.repeated_refusals', 'hiring.hire', 'STAFF'],
    ['patient.repeated_registration_refusals', 'patient.register', 'STAFF'],
  ]

  it.each(repeated)('%s: %s DENIED from one actor alerts at the threshold, once per window', async (ruleKey, action, actorType) => {
    const rule = DEFAULT_ALERT_RULES.find((r) => r.key === ruleKey)!
    expect(rule.threshold).toBeGreaterThan(1)
    const actor = `${actorType.toLowerCase()}-${crypto.randomUUID()}`
    const deny = (s: number) => append({ actorType, actor, orgId: hospitalA, action, decision: 'DENIED', reasonCode: 'FORBIDDEN', at: at(s) })
    for (let i = 0; i < rule.threshold - 1; i++) await deny(i)
    await append({ actorType, actor, orgId: hospitalA, action, decision: 'GRANTED', at: at(rule.threshold) }) // successes do not count
    expect(await alertsOf(ruleKey, actor)).toHaveLength(0)
    await deny(rule.threshold + 1)
    expect(await alertsOf(ruleKey, actor)).toMatchObject([{ orgId: hospitalA, severity: rule.severity, message: `${rule.description} (FORBIDDEN)` }])
    for (let i = 0; i < rule.threshold * 2; i++) await deny(rule.threshold + 2 + i) // the same window: no flood
    expect(await alertsOf(ruleKey, actor)).toHaveLength(1)
    // a window later, the count starts again
    const later = 3 * rule.threshold + 2 + rule.windowSeconds
    for (let i = 0; i < rule.threshold - 1; i++) await deny(later + i)
    expect(await alertsOf(ruleKey, actor)).toHaveLength(1)
    await deny(later + rule.threshold)
    expect(await alertsOf(ruleKey, actor)).toHaveLength(2)
  })

  it('counts and alerts per organisation: one actor refused at two hospitals tells each of them once', async () => {
    const actor = `did:example:${crypto.randomUUID()}`
    for (let i = 0; i < 5; i++) await append({ actorType: 'DID', actor, orgId: hospitalA, action: 'clinician.sign_in', decision: 'DENIED', at: at(5000 + i) })
    for (let i = 0; i < 4; i++) await append({ actorType: 'DID', actor, orgId: hospitalB, action: 'clinician.sign_in', decision: 'DENIED', at: at(5010 + i) })
    expect((await alertsOf('clinician.repeated_sign_in_failures', actor)).map((a) => a.orgId)).toEqual([hospitalA])
    await append({ actorType: 'DID', actor, orgId: hospitalB, action: 'clinician.sign_in', decision: 'DENIED', at: at(5020) })
    expect((await alertsOf('clinician.repeated_sign_in_failures', actor)).map((a) => a.orgId)).toEqual([hospitalA, hospitalB])
  })

  it('raises alerts about entries of no organisation for the platform: its staff and trust administrators see them, hospitals do not', async () => {
    const actor = `ip:203.0.113.${Math.floor(Math.random() * 200)}`
    for (let i = 0; i < 5; i++) await append({ actorType: 'ANONYMOUS', actor, orgId: null, action: 'staff.login', decision: 'DENIED', reasonCode: 'INVALID_LOGIN', at: at(6000 + i) })
    for (let i = 0; i < 5; i++) await append({ actorType: 'ANONYMOUS', actor, orgId: null, action: 'verification.presentation', decision: 'DENIED', reasonCode: 'SIGNATURE_INVALID', at: at(6010 + i) })
    const raised = await p.db.alert.findMany({ where: { actor } })
    expect(raised.map((a) => [a.ruleKey, a.orgId]).sort()).toEqual([
      ['staff.repeated_login_failures', p.platformOrg.id],
      ['verification.repeated_failures', p.platformOrg.id],
    ])
    const seenBy = async (viewer: { orgId: string; roles: Array<'PRIVACY_OFFICER' | 'AUDITOR' | 'HOSPITAL_ADMIN' | 'TRUST_ADMIN'> }) =>
      (await listAlerts(p.db, { viewer, platformOrgId: p.platformOrg.id, limit: 500 })).filter((a) => a.actor === actor).length
    expect(await seenBy({ orgId: hospitalA, roles: ['PRIVACY_OFFICER', 'AUDITOR', 'HOSPITAL_ADMIN'] })).toBe(0)
    expect(await seenBy({ orgId: anchorOrg, roles: ['AUDITOR'] })).toBe(0)
    expect(await seenBy({ orgId: anchorOrg, roles: ['TRUST_ADMIN'] })).toBe(2)
    expect(await seenBy({ orgId: p.platformOrg.id, roles: ['AUDITOR'] })).toBe(2)
    await expect(acknowledgeAlert(p.db, { viewer: { orgId: hospitalA, roles: ['PRIVACY_OFFICER'] }, platformOrgId: p.platformOrg.id, alertId: raised[0]!.id, accountId: 'po' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const acknowledged = await acknowledgeAlert(p.db, { viewer: { orgId: anchorOrg, roles: ['TRUST_ADMIN'] }, platformOrgId: p.platformOrg.id, alertId: raised[0]!.id, accountId: 'trust-admin' })
    expect(acknowledged.acknowledgedBy).toBe('trust-admin')
  })

  it("applies an organisation's own threshold to its alerts only; validated, audited once, refusals audited and changing nothing", async () => {
    const before = await p.db.alertRule.count()
    const updated = await updateAlertRule(p.db, { orgId: hospitalA, accountId: 'admin-a', input: { key: 'staff.repeated_access_refusals', threshold: 2, windowSeconds: 3600 } })
    expect(updated).toMatchObject({ key: 'staff.repeated_access_refusals', threshold: 2, windowSeconds: 3600, enabled: true, customized: true })
    const entries = await p.db.auditEntry.findMany({ where: { action: 'alert.rule_update', subject: 'staff.repeated_access_refusals' } })
    expect(entries).toMatchObject([{ decision: 'DONE', orgId: hospitalA, actor: 'admin-a' }])
    expect(JSON.parse(entries[0]!.details)).toMatchObject({ threshold: 2, windowSeconds: 3600, fromThreshold: 5, fromWindowSeconds: 600 })
    expect((await listAlertRules(p.db, { orgId: hospitalA })).find((r) => r.key === 'staff.repeated_access_refusals')).toMatchObject({ threshold: 2, customized: true })
    expect((await listAlertRules(p.db, { orgId: hospitalB })).find((r) => r.key === 'staff.repeated_access_refusals')).toMatchObject({ threshold: 5, customized: false })
    expect((await listAlertRules(p.db, { orgId: hospitalB })).map((r) => r.key).sort()).toEqual(DEFAULT_ALERT_RULES.map((r) => r.key).sort())

    const refuse = (actor: string, orgId: string, s: number) => append({ actorType: 'STAFF', actor, orgId, action: 'staff.access', decision: 'DENIED', reasonCode: 'FORBIDDEN', at: at(s) })
    for (let i = 0; i < 2; i++) await refuse('staff-of-a', hospitalA, 7000 + i)
    for (let i = 0; i < 2; i++) await refuse('staff-of-b', hospitalB, 7000 + i)
    expect(await alertsOf('staff.repeated_access_refusals', 'staff-of-a')).toHaveLength(1)
    expect(await alertsOf('staff.repeated_access_refusals', 'staff-of-b')).toHaveLength(0)

    await updateAlertRule(p.db, { orgId: hospitalA, accountId: 'admin-a', input: { key: 'records.denied', enabled: false } })
    await append({ actorType: 'DID', actor: 'did:example:x', orgId: hospitalA, action: 'records.read', decision: 'DENIED', at: at(7100) })
    await append({ actorType: 'DID', actor: 'did:example:x', orgId: hospitalB, action: 'records.read', decision: 'DENIED', at: at(7100) })
    expect((await alertsOf('records.denied', 'did:example:x')).map((a) => a.orgId)).toEqual([hospitalB])

    const invalid: Array<[Record<string, unknown>, string, string]> = [
      [{ key: 'staff.repeated_access_refusals', threshold: 0 }, 'VALIDATION_FAILED', 'threshold'],
      [{ key: 'staff.repeated_access_refusals', threshold: 1.5 }, 'VALIDATION_FAILED', 'threshold'],
      [{ key: 'staff.repeated_access_refusals', windowSeconds: 0 }, 'VALIDATION_FAILED', 'windowSeconds'],
      [{ key: 'staff.repeated_access_refusals', windowSeconds: 8 * 86_400 }, 'VALIDATION_FAILED', 'windowSeconds'],
      [{ key: 'staff.repeated_access_refusals' }, 'VALIDATION_FAILED', '(input)'],
      [{ key: `staff.repeated_access_refusals@${hospitalB}`, threshold: 1 }, 'VALIDATION_FAILED', 'key'],
      [{ key: 'no.such_rule', threshold: 3 }, 'NOT_FOUND', ''],
    ]
    for (const [input, code, field] of invalid) {
      const denied = await p.db.auditEntry.count({ where: { action: 'alert.rule_update', decision: 'DENIED', reasonCode: code } })
      await expect(updateAlertRule(p.db, { orgId: hospitalA, accountId: 'admin-a', input: input as never })).rejects.toMatchObject({ code })
      const entries = await p.db.auditEntry.findMany({ where: { action: 'alert.rule_update', decision: 'DENIED', reasonCode: code }, orderBy: { seq: 'asc' } })
      expect(entries).toHaveLength(denied + 1)
      if (field) expect(JSON.parse(entries.at(-1)!.details)).toEqual({ fields: [field] })
    }
    expect(await p.db.alertRule.count()).toBe(before + 2) // the two overrides of hospital A, nothing else
    expect((await listAlertRules(p.db, { orgId: hospitalA })).find((r) => r.key === 'staff.repeated_access_refusals')).toMatchObject({ threshold: 2, windowSeconds: 3600 })
  })

  it('moves a stored default that watched the old action (the next-request cut) to the status-change flag, keeping its settings', async () => {
    await p.db.alertRule.update({ where: { key: 'license.revoked_with_active_session' }, data: { action: 'clinician.session_cut', windowSeconds: 5 } })
    await ensureDefaultAlertRules(p.db)
    expect(await p.db.alertRule.findUniqueOrThrow({ where: { key: 'license.revoked_with_active_session' } })).toMatchObject({ action: SESSION_FLAGGED_ACTION, windowSeconds: 5 })
  })
})
