/** Human names for roles and organisation kinds; unknown values fall back to a readable form of the code. */
import type { OrganizationKind, StaffRole } from '../graphql/types.ts'

const ROLE_LABELS: Record<StaffRole, string> = {
  TRUST_ADMIN: 'Trust administrator',
  BOARD_ADMIN: 'Board administrator',
  HR: 'Human resources',
  HOSPITAL_ADMIN: 'Hospital administrator',
  PRIVACY_OFFICER: 'Privacy officer',
  AUDITOR: 'Auditor',
}

const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  PLATFORM: 'Platform operator',
  TRUST_ANCHOR: 'Trust anchor',
  BOARD: 'Licensing board',
  HOSPITAL: 'Hospital',
}

export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? humanize(role)
}

export function organizationKindLabel(kind: string): string {
  return (ORGANIZATION_KIND_LABELS as Record<string, string>)[kind] ?? humanize(kind)
}

function humanize(code: string): string {
  const words = code.toLowerCase().split('_').filter(Boolean).join(' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}
