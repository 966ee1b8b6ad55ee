/** Staff roles. Stored comma-separated on the account. */
import { z } from 'zod'

export const StaffRole = z.enum(['TRUST_ADMIN', 'BOARD_ADMIN', 'HR', 'HOSPITAL_ADMIN', 'PRIVACY_OFFICER', 'AUDITOR'])
export type StaffRole = z.infer<typeof StaffRole>

export function parseRoles(stored: string): StaffRole[] {
  return stored
    .split(',')
    .map((r) => r.trim())
    .filter((r): r is StaffRole => StaffRole.safeParse(r).success)
}

export function formatRoles(roles: readonly StaffRole[]): string {
  return [...new Set(roles)].sort().join(',')
}
