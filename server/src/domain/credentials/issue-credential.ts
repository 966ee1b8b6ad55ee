/**
 * Issues one credential of any type for an organisation (GraphQL and the VC-API both call this). A refused
 * issuance (a role or scope that may not, an organisation of the wrong kind, an unaccredited board, invalid
 * claims) issues nothing and leaves one DENIED audit entry: the type, the subject DID, the code and the names
 * of the fields at fault, never the claims.
 */
import type { Resolvable } from 'did-resolver'
import { AppError } from '../../errors.js'
import { auditRefusal } from '../audit-refusal.js'
import { CREDENTIAL_TYPES } from './credential-types.js'
import { assertMayIssue, callerActor, type OrgCaller } from './issuer-permissions.js'
import { notFound } from '../tenant-scope.js'
import { issueCredentials, type CredentialToIssue, type IssuanceDeps, type IssuedCredentialRecord } from './issue-credentials.js'
import { prepareCredential, type IssueRequest } from './prepare-credential.js'

export interface IssueCredentialDeps extends IssuanceDeps {
  resolver: Resolvable
  chain: { didPrefix: string }
}

export interface IssueCredentialOptions {
  /**
   * A supersession key chosen by the calling operation, for types without one of their own (hiring issues
   * privileges under `candidate:<id>`, so a repeated hire keeps or replaces its privilege, never adds one).
   */
  naturalKey?: string
  /** With a natural key: when the current credential has exactly these claims and dates, keep it. */
  keepIfIdentical?: boolean
}

export async function issueCredential(
  deps: IssueCredentialDeps,
  args: { caller: OrgCaller; request: IssueRequest; options?: IssueCredentialOptions },
): Promise<IssuedCredentialRecord> {
  const org = await deps.db.organization.findUnique({ where: { id: args.caller.orgId } })
  if (!org) throw notFound('Organisation')
  const item = await authorizeAndPrepare(deps, org, args)
  const [issued] = await issueCredentials(deps, { issuer: { id: org.id, did: org.did }, actor: callerActor(args.caller), items: [item] })
  return issued!
}

/** Who may issue what, and whether the request is valid: either a credential to sign or an audited refusal. */
async function authorizeAndPrepare(
  deps: IssueCredentialDeps,
  org: { id: string; did: string; kind: string },
  args: { caller: OrgCaller; request: IssueRequest; options?: IssueCredentialOptions },
): Promise<CredentialToIssue> {
  const type = CREDENTIAL_TYPES.find((t) => t === args.request?.type)
  try {
    if (type) assertMayIssue(args.caller, type)
    const prepared = await prepareCredential({ db: deps.db, resolver: deps.resolver, didPrefix: deps.chain.didPrefix }, org, args.request)
    if (!prepared.ok) {
      throw new AppError('VALIDATION_FAILED', `Invalid credential: ${prepared.fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields: prepared.fields })
    }
    const { naturalKey, keepIfIdentical } = args.options ?? {}
    if (!naturalKey) return prepared.item
    if (prepared.item.naturalKey) throw new Error(`${prepared.item.type} has its own natural key`)
    return { ...prepared.item, naturalKey, keepIfIdentical: keepIfIdentical ?? false }
  } catch (error) {
    const subjectDid = args.request?.subjectDid
    return auditRefusal(deps.db, error, {
      ...callerActor(args.caller),
      orgId: org.id,
      action: 'credential.issue',
      subjectType: 'DID',
      subject: typeof subjectDid === 'string' ? subjectDid : null,
      details: { type: type ?? null },
    })
  }
}
