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
import type { CredentialType } from '../../server/src/domain/credentials/credential-types.js'
import { issueCredentials } from '../../server/src/domain/credentials/issue-credentials.js'
import { npiWithCheckDigit } from '../../server/src/domain/credentials/npi.js'
import { prepareCredential } from '../../server/src/domain/credentials/prepare-credential.js'

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

/** Issues a credential as the system (seeds and tests), through the same validation and machine as staff. */
export async function seedCredential(
  p: Pick<Platform, 'db' | 'agent' | 'config' | 'resolver' | 'chain'>,
  args: { issuer: { id: string; did: string; kind: string }; type: CredentialType; subjectDid: string; claims: Record<string, unknown>; validUntil?: Date; validFrom?: Date },
) {
  const prepared = await prepareCredential({ db: p.db, resolver: p.resolver, didPrefix: p.chain.didPrefix }, args.issuer, {
    type: args.type,
    subjectDid: args.subjectDid,
    claims: args.claims,
    validUntil: args.validUntil ?? new Date(Date.now() + 365 * 86_400_000),
    ...(args.validFrom ? { validFrom: args.validFrom } : {}),
  })
  if (!prepared.ok) throw new Error(`seed credential invalid: ${JSON.stringify(prepared.fields)}`)
  const [issued] = await issueCredentials(p, { issuer: args.issuer, actor: { actorType: 'SYSTEM', actor: 'seed' }, items: [prepared.item] })
  return issued!
}

export async function seedAccreditation(
  p: Parameters<typeof seedCredential>[0],
  args: { anchor: { id: string; did: string; kind: string }; board: { did: string; name: string }; licenseTypes?: string[]; jurisdictions?: string[]; validUntil?: Date },
) {
  return seedCredential(p, {
    issuer: args.anchor,
    type: 'AccreditationCredential',
    subjectDid: args.board.did,
    claims: { name: args.board.name, licenseTypes: args.licenseTypes ?? ['MD', 'DO', 'RN', 'NP', 'PA'], jurisdictions: args.jurisdictions ?? ['US-CA'] },
    ...(args.validUntil ? { validUntil: args.validUntil } : {}),
  })
}

let licenseCounter = 0
/** Licence claims with a fresh licence number and a valid NPI. */
export function licenseClaims(overrides: Partial<Record<'name' | 'licenseType' | 'licenseNumber' | 'jurisdiction' | 'specialty' | 'npi', string>> = {}) {
  licenseCounter++
  const nine = String(100_000_000 + ((Date.now() + licenseCounter * 7919) % 899_999_999)).slice(0, 9)
  return {
    name: 'Dr. Test Clinician',
    licenseType: 'MD',
    licenseNumber: `A${crypto.randomInt(100_000, 999_999)}`,
    jurisdiction: 'US-CA',
    specialty: 'Emergency Medicine',
    npi: npiWithCheckDigit(nine),
    ...overrides,
  }
}
