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
  // Next: { path: '/licences', label: 'Licences', roles: ['BOARD_ADMIN'], ... }, '/hiring' (HR),
  // '/audit' (PRIVACY_OFFICER, AUDITOR), '/accreditation' (TRUST_ADMIN) — each with its page.
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
