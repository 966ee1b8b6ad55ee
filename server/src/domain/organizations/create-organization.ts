/**
 * Creates an organisation with a fresh did:ethr identity in the server's key manager, funded for gas when a
 * funder is configured (its DID address pays for its own registry changes: key rotation, anchoring).
 */
import { parseEther, type Signer } from 'ethers'
import { z } from 'zod'
import { didEthrAddress } from '../../../../agent-config/src/did-address.js'
import type { CredGateAgent } from '../../../../agent-config/src/create-agent.js'
import type { Db } from '../../db.js'
import { AppError, validationError } from '../../errors.js'

export const OrganizationKind = z.enum(['PLATFORM', 'TRUST_ANCHOR', 'BOARD', 'HOSPITAL'])
export type OrganizationKind = z.infer<typeof OrganizationKind>

export const CreateOrganizationInput = z.object({
  kind: OrganizationKind,
  name: z.string().trim().min(2).max(200),
  jurisdiction: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 code such as US-CA')
    .optional(),
})
export type CreateOrganizationInput = z.infer<typeof CreateOrganizationInput>

export interface OrganizationDeps {
  db: Db
  agent: CredGateAgent
  funder?: Signer | undefined
}

/** Gas money given to a new organisation DID on chains where a funder is configured. */
export const ORG_FUNDING = parseEther('1')

export async function createOrganization(deps: OrganizationDeps, input: CreateOrganizationInput) {
  const parsed = CreateOrganizationInput.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const { kind, name, jurisdiction } = parsed.data
  const identifier = await deps.agent.didManagerCreate({ alias: `org:${kind.toLowerCase()}:${crypto.randomUUID()}` })
  if (deps.funder) {
    const address = didEthrAddress(identifier.did)
    if (!address) throw new AppError('INTERNAL', 'unexpected DID shape')
    const tx = await deps.funder.sendTransaction({ to: address, value: ORG_FUNDING })
    await tx.wait()
  }
  return deps.db.organization.create({ data: { kind, name, did: identifier.did, jurisdiction: jurisdiction ?? null } })
}
