/** The platform's own organisation and DID (it anchors the audit trail on chain). Created once. */
import { createOrganization, type OrganizationDeps } from './create-organization.js'

export async function ensurePlatformOrganization(deps: OrganizationDeps): Promise<{ id: string; did: string }> {
  const existing = await deps.db.organization.findFirst({ where: { kind: 'PLATFORM' }, orderBy: { createdAt: 'asc' } })
  if (existing) return { id: existing.id, did: existing.did }
  const created = await createOrganization(deps, { kind: 'PLATFORM', name: 'CredGate platform' })
  return { id: created.id, did: created.did }
}
