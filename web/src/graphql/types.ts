/**
 * Result types for the dashboard's operations, written by hand to mirror the server schema
 * (server/src/graphql/modules/*.ts). Keep them in step with the schema when fields are added.
 */

export type OrganizationKind = 'PLATFORM' | 'TRUST_ANCHOR' | 'BOARD' | 'HOSPITAL'

export type StaffRole = 'TRUST_ADMIN' | 'BOARD_ADMIN' | 'HR' | 'HOSPITAL_ADMIN' | 'PRIVACY_OFFICER' | 'AUDITOR'

export interface Organization {
  id: string
  name: string
  /** One of OrganizationKind; typed loosely so a new kind on the server does not break the dashboard. */
  kind: OrganizationKind | (string & {})
  did: string
  jurisdiction: string | null
}

export interface StaffAccount {
  id: string
  email: string
  name: string
  roles: Array<StaffRole | (string & {})>
  organization: Organization
}

export interface StaffSession {
  account: StaffAccount
  csrfToken: string
}

export interface PlatformInfo {
  chainId: number
  didPrefix: string
  registry: string
  platformDid: string
}
