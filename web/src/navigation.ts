/**
 * The dashboard's areas: where each lives, who may open it, and how it is introduced in the top navigation and
 * on Home. The router (routes/index.ts) takes each staff page's roles from here, so access and navigation
 * cannot disagree. Add an area here only together with its page: Home shows a card for every area a person's
 * roles open, and there are no placeholder cards.
 */
import type { StaffRole } from './graphql/types.ts'

export interface Area {
  path: string
  /** Short name for the top navigation. */
  label: string
  /** One sentence for the Home card. */
  description: string
  /** Roles that open it; `any` = every signed-in staff member. */
  roles: readonly StaffRole[] | 'any'
  /** Whether Home shows a card for it (Home itself does not). */
  card: boolean
}

export const AREAS: readonly Area[] = [
  { path: '/', label: 'Home', description: 'Your account, your organisation and the platform.', roles: 'any', card: false },
  {
    path: '/licences',
    label: 'Licences',
    description: 'Issue clinician licences, find them, suspend, reinstate or revoke them, and import them in bulk.',
    roles: ['BOARD_ADMIN'],
    card: true,
  },
  {
    path: '/accreditation',
    label: 'Accreditation',
    description: 'Accredit licensing boards for licence types and jurisdictions, and see who is accredited.',
    roles: ['TRUST_ADMIN'],
    card: true,
  },
  {
    path: '/hiring',
    label: 'Hiring',
    description: 'Ask candidates for their credentials, read the verification report, and hire.',
    roles: ['HR', 'HOSPITAL_ADMIN'],
    card: true,
  },
  {
    path: '/staff',
    label: 'Staff',
    description: 'Every hired clinician’s licence and privileges, with warnings before anything lapses.',
    roles: ['HR', 'HOSPITAL_ADMIN', 'PRIVACY_OFFICER'],
    card: true,
  },
  {
    path: '/alerts',
    label: 'Alerts',
    description: 'Denied access, break-glass use and other events that need a person to look at them.',
    roles: ['PRIVACY_OFFICER', 'AUDITOR', 'HOSPITAL_ADMIN'],
    card: true,
  },
  {
    // Not /audit...: the server serves no page at any path starting with "audit" (its export route lives there).
    path: '/oversight/audit',
    label: 'Audit log',
    description: 'Every decision on record, the integrity of the hash chain, and exports for review.',
    roles: ['PRIVACY_OFFICER', 'AUDITOR'],
    card: true,
  },
]

export function canOpen(area: Pick<Area, 'roles'>, roles: readonly string[]): boolean {
  return area.roles === 'any' || area.roles.some((role) => roles.includes(role))
}

/** The areas a person with these roles can open, in navigation order. */
export function areasFor(roles: readonly string[]): Area[] {
  return AREAS.filter((area) => canOpen(area, roles))
}

export function areaAt(path: string): Area | undefined {
  return AREAS.find((area) => area.path === path)
}
