/** A verifier organisation's saved presentation policies (e.g. its hiring policy), defined once and reused. */
import type { Db } from '../../db.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import { notFound, orgScope } from '../tenant-scope.js'
import { parsePresentationDefinition, type PresentationDefinition } from './presentation-policy.js'

export async function savePresentationPolicy(db: Db, args: { orgId: string; accountId: string; name: string; definition: unknown }) {
  const definition = parsePresentationDefinition(args.definition)
  const name = args.name.trim().toLowerCase()
  return db.$transaction(async (tx) => {
    const saved = await tx.presentationPolicy.upsert({
      where: { orgId_name: { orgId: args.orgId, name } },
      create: { orgId: args.orgId, name, definition: JSON.stringify(definition) },
      update: { definition: JSON.stringify(definition) },
    })
    await appendAuditEntry(tx, { actorType: 'STAFF', actor: args.accountId, orgId: args.orgId, action: 'policy.save', subjectType: 'POLICY', subject: saved.id, decision: 'DONE', details: { name } })
    return saved
  })
}

export async function getPresentationPolicy(db: Db, args: { orgId: string; name: string }): Promise<PresentationDefinition> {
  const row = await db.presentationPolicy.findFirst({ where: { ...orgScope(args.orgId), name: args.name.trim().toLowerCase() } })
  if (!row) throw notFound('Presentation policy')
  return parsePresentationDefinition(JSON.parse(row.definition))
}

export async function listPresentationPolicies(db: Db, orgId: string) {
  return db.presentationPolicy.findMany({ where: orgScope(orgId), orderBy: { name: 'asc' } })
}

/** The default hiring policy of a hospital: an active licence from an accredited board in its jurisdiction. */
export function defaultHiringPolicy(jurisdiction: string | null): PresentationDefinition {
  return {
    id: 'credgate-hiring-v1',
    name: 'Clinician hiring',
    purpose: 'Verify an active clinician licence before hiring',
    input_descriptors: [
      {
        id: 'license',
        name: 'Clinician licence',
        purpose: 'An active licence from an accredited board',
        constraints: {
          fields: [
            { path: ['$.type'], filter: { type: 'array', contains: { const: 'ClinicianLicenseCredential' } } },
            ...(jurisdiction ? [{ path: ['$.credentialSubject.jurisdiction'], filter: { type: 'string' as const, const: jurisdiction } }] : []),
          ],
        },
      },
    ],
  }
}
