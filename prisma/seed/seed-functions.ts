/**
 * Seed functions: each creates one thing with unique data (or finds the one with the given key), so tests,
 * e2e fixtures and `npm start`'s demo share them and seed only what they need.
 */
import crypto from 'node:crypto'
import { Wallet } from 'ethers'
import type { Platform } from '../../server/src/platform.js'
import { createOrganization, type OrganizationKind } from '../../server/src/domain/organizations/create-organization.js'
import { createStaffAccount } from '../../server/src/domain/accounts/create-staff-account.js'
import type { StaffRole } from '../../server/src/domain/accounts/roles.js'

type SeedPlatform = Pick<Platform, 'db' | 'agent' | 'funder' | 'chain'>

export interface SeedOrganizationOptions {
  kind: OrganizationKind
  name?: string
  jurisdiction?: string
}

export async function seedOrganization(p: SeedPlatform, options: SeedOrganizationOptions) {
  const name = options.name ?? `${options.kind.toLowerCase()} ${crypto.randomUUID().slice(0, 8)}`
  const existing = await p.db.organization.findFirst({ where: { kind: options.kind, name } })
  if (existing) return existing
  return createOrganization(
    { db: p.db, agent: p.agent, funder: p.funder },
    { kind: options.kind, name, ...(options.jurisdiction ? { jurisdiction: options.jurisdiction } : {}) },
  )
}

export const seedTrustAnchor = (p: SeedPlatform, name?: string) => seedOrganization(p, { kind: 'TRUST_ANCHOR', ...(name ? { name } : {}) })
export const seedBoard = (p: SeedPlatform, options: { name?: string; jurisdiction?: string } = {}) =>
  seedOrganization(p, { kind: 'BOARD', jurisdiction: options.jurisdiction ?? 'US-CA', ...(options.name ? { name: options.name } : {}) })
export const seedHospital = (p: SeedPlatform, options: { name?: string; jurisdiction?: string } = {}) =>
  seedOrganization(p, { kind: 'HOSPITAL', jurisdiction: options.jurisdiction ?? 'US-CA', ...(options.name ? { name: options.name } : {}) })

export interface SeedStaffOptions {
  orgId: string
  roles: StaffRole[]
  email?: string
  name?: string
  password?: string
}

export async function seedStaff(p: Pick<Platform, 'db'>, options: SeedStaffOptions) {
  const email = options.email ?? `staff-${crypto.randomUUID().slice(0, 8)}@test.example`
  const password = options.password ?? `pw-${crypto.randomBytes(9).toString('base64url')}`
  const existing = await p.db.staffAccount.findUnique({ where: { email } })
  const account = existing ?? (await createStaffAccount(p.db, { orgId: options.orgId, email, name: options.name ?? email.split('@')[0]!, password, roles: options.roles }))
  return { account, email, password }
}

/** A person (clinician or patient) holding their own key: the server never stores it. */
export interface SeededPerson {
  name: string
  did: string
  address: string
  /** The person's own private key, handed to their wallet (tests, demo wallet file): never to the server. */
  privateKey: string
}

export function seedPersonKey(p: Pick<Platform, 'chain'>, name: string): SeededPerson {
  const wallet = Wallet.createRandom()
  return { name, did: `${p.chain.didPrefix}:${wallet.address.toLowerCase()}`, address: wallet.address, privateKey: wallet.privateKey }
}
