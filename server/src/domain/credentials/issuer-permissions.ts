/**
 * Who inside an organisation may issue or change the status of which credential type: staff by role, API
 * tokens by scope. (Which organisation kind issues which type is checked in prepare-credential.)
 */
import { AppError } from '../../errors.js'
import type { ApiScope } from '../accounts/api-tokens.js'
import type { StaffRole } from '../accounts/roles.js'
import type { AuditActor } from '../audit/audit-actor.js'
import type { CredentialType } from './credential-types.js'

export const ISSUER_ROLES: Record<CredentialType, StaffRole[]> = {
  AccreditationCredential: ['TRUST_ADMIN'],
  ClinicianLicenseCredential: ['BOARD_ADMIN'],
  StaffPrivilegeCredential: ['HR', 'HOSPITAL_ADMIN'],
  PatientIdentityCredential: ['HOSPITAL_ADMIN', 'HR'],
}

/** An authenticated caller acting for an organisation: a staff member or an API token. */
export type OrgCaller =
  | { kind: 'staff'; orgId: string; accountId: string; roles: StaffRole[] }
  | { kind: 'token'; orgId: string; tokenId: string; scopes: ApiScope[] }

export function callerActor(caller: OrgCaller): AuditActor {
  return caller.kind === 'staff' ? { actorType: 'STAFF', actor: caller.accountId } : { actorType: 'SYSTEM', actor: `apitoken:${caller.tokenId}` }
}

export function assertMayIssue(caller: OrgCaller, type: CredentialType): void {
  const ok = caller.kind === 'staff' ? ISSUER_ROLES[type].some((r) => caller.roles.includes(r)) : caller.scopes.includes('credentials:issue')
  if (!ok) throw new AppError('FORBIDDEN', `You may not issue ${type}`)
}

export function assertMayChangeStatus(caller: OrgCaller, type: string): void {
  const roles = ISSUER_ROLES[type as CredentialType] ?? []
  const ok = caller.kind === 'staff' ? roles.some((r) => caller.roles.includes(r)) : caller.scopes.includes('credentials:status')
  if (!ok) throw new AppError('FORBIDDEN', `You may not change the status of ${type}`)
}
