/** Issues one credential of any type for an organisation (GraphQL and the VC-API both call this). */
import type { Resolvable } from 'did-resolver'
import { AppError } from '../../errors.js'
import { CREDENTIAL_TYPES } from './credential-types.js'
import { assertMayIssue, callerActor, type OrgCaller } from './issuer-permissions.js'
import { notFound } from '../tenant-scope.js'
import { issueCredentials, type IssuanceDeps, type IssuedCredentialRecord } from './issue-credentials.js'
import { prepareCredential, type IssueRequest } from './prepare-credential.js'

export interface IssueCredentialDeps extends IssuanceDeps {
  resolver: Resolvable
  chain: { didPrefix: string }
}

export async function issueCredential(deps: IssueCredentialDeps, args: { caller: OrgCaller; request: IssueRequest }): Promise<IssuedCredentialRecord> {
  const org = await deps.db.organization.findUnique({ where: { id: args.caller.orgId } })
  if (!org) throw notFound('Organisation')
  const type = CREDENTIAL_TYPES.find((t) => t === args.request.type)
  if (type) assertMayIssue(args.caller, type)
  const prepared = await prepareCredential({ db: deps.db, resolver: deps.resolver, didPrefix: deps.chain.didPrefix }, org, args.request)
  if (!prepared.ok) {
    throw new AppError('VALIDATION_FAILED', `Invalid credential: ${prepared.fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields: prepared.fields })
  }
  const [issued] = await issueCredentials(deps, { issuer: { id: org.id, did: org.did }, actor: callerActor(args.caller), items: [prepared.item] })
  return issued!
}
