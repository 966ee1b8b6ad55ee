/** Audit trail, verification, proofs and alerts for auditors, privacy officers and the dashboard. */
import { didEthrAddress } from '../../../../agent-config/src/did-address.js'
import { anchorAuditLog } from '../../domain/audit/anchor-audit-log.js'
import { buildAuditInclusionProof } from '../../domain/audit/audit-inclusion-proof.js'
import { acknowledgeAlert, listAlertRules, listAlerts, listAuditEntries, updateAlertRule, type AuditFilter, type EffectiveAlertRule } from '../../domain/audit/query-audit.js'
import { verifyAuditChain } from '../../domain/audit/verify-audit-chain.js'
import { notFound } from '../../domain/tenant-scope.js'
import { anyStaff, staffWith } from '../access.js'
import type { GraphQLContext } from '../context.js'
import type { GraphQLModule } from './module.js'

const AUDIT_READERS = staffWith('AUDITOR', 'PRIVACY_OFFICER', 'HOSPITAL_ADMIN', 'BOARD_ADMIN', 'TRUST_ADMIN')
/** Who tunes their organisation's alert rules (each organisation's own settings; see alert-rules.ts). */
const ALERT_RULE_ADMINS = staffWith('HOSPITAL_ADMIN', 'PRIVACY_OFFICER', 'BOARD_ADMIN', 'TRUST_ADMIN')

export const auditModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    type AuditEntry {
      seq: Int!
      at: String!
      actorType: String!
      actor: String!
      action: String!
      subjectType: String
      subject: String
      decision: String!
      reasonCode: String
      "Canonical JSON of identifiers and codes (never record content)."
      details: String!
      prevHash: String!
      hash: String!
    }
    input AuditFilterInput {
      from: String
      to: String
      action: String
      actor: String
      subject: String
      decision: String
      beforeSeq: Int
      limit: Int
    }
    type AuditProblem {
      kind: String!
      seq: Int!
      message: String!
    }
    type AuditVerification {
      ok: Boolean!
      entries: Int!
      anchorsChecked: Int!
      anchoredThrough: Int!
      problem: AuditProblem
    }
    type AuditAnchorResult {
      status: String!
      fromSeq: Int
      toSeq: Int
      root: String
      txHash: String
      blockNumber: Int
    }
    type Alert {
      id: ID!
      ruleKey: String!
      severity: String!
      message: String!
      actor: String
      subject: String
      auditSeq: Int
      createdAt: String!
      acknowledgedAt: String
      "A platform-level alert (about an actor of no organisation), not one of your organisation's."
      platform: Boolean!
    }
    "An alert rule as it applies to your organisation."
    type AlertRule {
      key: String!
      description: String!
      "The audit action watched: exact, a prefix ending in *, or *."
      action: String!
      decision: String!
      severity: String!
      "Entries by one actor within the window that raise an alert (1: every entry)."
      threshold: Int!
      windowSeconds: Int!
      enabled: Boolean!
      "Your organisation changed the platform default."
      customized: Boolean!
      updatedAt: String!
    }
    extend type Query {
      "Your organisation's audit entries, newest first."
      auditEntries(filter: AuditFilterInput): [AuditEntry!]!
      "Recomputes the whole hash chain and checks the on-chain anchors."
      auditVerification: AuditVerification!
      "An RFC 9162 inclusion proof (JSON) of one of your organisation's entries against its on-chain anchor."
      auditInclusionProof(seq: Int!): String!
      "Alerts raised for your organisation, newest first."
      alerts(unacknowledgedOnly: Boolean, limit: Int): [Alert!]!
      "The alert rules as they apply to your organisation."
      alertRules: [AlertRule!]!
    }
    extend type Mutation {
      acknowledgeAlert(id: ID!): Alert!
      "Your organisation's threshold (>= 1), window (1 s to 7 days) or enabled flag of a rule; omitted values are kept."
      updateAlertRule(key: String!, threshold: Int, windowSeconds: Int, enabled: Boolean): AlertRule!
      "Anchors the entries written since the last anchor now (also runs periodically)."
      anchorAuditLog: AuditAnchorResult!
    }
  `,
  access: {
    'Query.auditEntries': AUDIT_READERS,
    'Query.auditVerification': staffWith('AUDITOR', 'PRIVACY_OFFICER'),
    'Query.auditInclusionProof': staffWith('AUDITOR', 'PRIVACY_OFFICER'),
    'Query.alerts': anyStaff,
    'Query.alertRules': ALERT_RULE_ADMINS,
    'Mutation.updateAlertRule': ALERT_RULE_ADMINS,
    'Mutation.acknowledgeAlert': staffWith('PRIVACY_OFFICER', 'AUDITOR', 'HOSPITAL_ADMIN', 'BOARD_ADMIN', 'HR'),
    'Mutation.anchorAuditLog': staffWith('AUDITOR'),
  },
  resolvers: {
    Query: {
      auditEntries: async (_r, args: { filter?: AuditFilter | null }, ctx: GraphQLContext) =>
        (await listAuditEntries(ctx.platform.db, { orgId: ctx.staff!.orgId, filter: args.filter ?? {} })).map(toEntry),
      auditVerification: (_r, _a, ctx: GraphQLContext) =>
        verifyAuditChain({ db: ctx.platform.db, provider: ctx.platform.provider, registry: ctx.platform.chain.registry, platformDid: ctx.platform.platformOrg.did }),
      auditInclusionProof: async (_r, args: { seq: number }, ctx: GraphQLContext) => {
        const entry = await ctx.platform.db.auditEntry.findFirst({ where: { seq: args.seq, orgId: ctx.staff!.orgId } })
        if (!entry) throw notFound('Audit entry')
        const proof = await buildAuditInclusionProof(ctx.platform.db, args.seq, { ...ctx.platform.chain, platformAddress: didEthrAddress(ctx.platform.platformOrg.did)! })
        return JSON.stringify(proof)
      },
      alerts: async (_r, args: { unacknowledgedOnly?: boolean | null; limit?: number | null }, ctx: GraphQLContext) =>
        (await listAlerts(ctx.platform.db, { viewer: ctx.staff!, platformOrgId: ctx.platform.platformOrg.id, unacknowledgedOnly: args.unacknowledgedOnly ?? false, limit: args.limit ?? 100 })).map((a) =>
          toAlert(a, ctx),
        ),
      alertRules: async (_r, _a, ctx: GraphQLContext) => (await listAlertRules(ctx.platform.db, { orgId: ctx.staff!.orgId })).map(toAlertRule),
    },
    Mutation: {
      acknowledgeAlert: async (_r, args: { id: string }, ctx: GraphQLContext) =>
        toAlert(await acknowledgeAlert(ctx.platform.db, { viewer: ctx.staff!, platformOrgId: ctx.platform.platformOrg.id, alertId: args.id, accountId: ctx.staff!.accountId }), ctx),
      updateAlertRule: async (_r, args: { key: string; threshold?: number | null; windowSeconds?: number | null; enabled?: boolean | null }, ctx: GraphQLContext) =>
        toAlertRule(
          await updateAlertRule(ctx.platform.db, {
            orgId: ctx.staff!.orgId,
            accountId: ctx.staff!.accountId,
            input: {
              key: args.key,
              ...(args.threshold != null ? { threshold: args.threshold } : {}),
              ...(args.windowSeconds != null ? { windowSeconds: args.windowSeconds } : {}),
              ...(args.enabled != null ? { enabled: args.enabled } : {}),
            },
          }),
        ),
      anchorAuditLog: async (_r, _a, ctx: GraphQLContext) => {
        const outcome = await anchorAuditLog(ctx.platform)
        return outcome.status === 'anchored' ? outcome : { status: outcome.status }
      },
    },
  },
}

function toEntry(e: { at: Date } & Record<string, unknown>) {
  return { ...e, at: e.at.toISOString() }
}

function toAlert(a: { orgId: string | null; createdAt: Date; acknowledgedAt: Date | null } & Record<string, unknown>, ctx: GraphQLContext) {
  return { ...a, createdAt: a.createdAt.toISOString(), acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null, platform: a.orgId !== ctx.staff!.orgId }
}

function toAlertRule(r: EffectiveAlertRule) {
  return { ...r, updatedAt: r.updatedAt.toISOString() }
}
