/**
 * Authorization for GraphQL, in one place. Every root Query and Mutation field must have a rule here;
 * `applyAccessRules` refuses to build a schema where one is missing (and a test walks the schema too).
 * Staff mutations also need the CSRF header that matches the session cookie. Clinician and patient fields
 * need a bearer session token whose session passes its re-check (every presented credential verified again,
 * see domain/did-sessions/recheck-did-session.ts) before the resolver runs; bearer tokens are never sent by
 * the browser on its own, so they need no CSRF token.
 * A signed-in staff member refused here (CSRF or role) leaves one DENIED audit entry (`staff.access`: the
 * field, the account, the organisation), written before the error is answered.
 */
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql'
import { auditDenial } from '../domain/records/audit-denial.js'
import { AppError } from '../errors.js'
import type { StaffRole } from '../domain/accounts/roles.js'
import type { GraphQLContext } from './context.js'

export type AccessRule =
  | { kind: 'public' }
  /** Any signed-in staff member, or one of the listed roles. */
  | { kind: 'staff'; roles: StaffRole[] | 'any' }
  /** A clinician with a session from a verified presentation (licence + privileges), re-checked now. */
  | { kind: 'clinician' }
  /** A patient with a session from their verified identity credential, re-checked now. */
  | { kind: 'patient' }

export const PUBLIC: AccessRule = { kind: 'public' }
export const anyStaff: AccessRule = { kind: 'staff', roles: 'any' }
export const staffWith = (...roles: StaffRole[]): AccessRule => ({ kind: 'staff', roles })
export const clinicianSession: AccessRule = { kind: 'clinician' }
export const patientSession: AccessRule = { kind: 'patient' }

/** Mutations that work without a CSRF token (they run before a session exists). */
const CSRF_EXEMPT = new Set(['Mutation.login'])

export async function checkAccess(rule: AccessRule, ctx: GraphQLContext, field: string): Promise<void> {
  if (rule.kind === 'public') return
  if (rule.kind === 'clinician') {
    await ctx.clinician(field)
    return
  }
  if (rule.kind === 'patient') {
    await ctx.patient(field)
    return
  }
  const viewer = ctx.staff
  if (!viewer) throw new AppError('UNAUTHENTICATED', 'Sign in first')
  const refuse = (error: AppError) =>
    auditDenial(ctx.platform.db, { actorType: 'STAFF', actor: viewer.accountId, orgId: viewer.orgId, action: 'staff.access', subjectType: 'FIELD', subject: field }, error)
  if (field.startsWith('Mutation.') && !CSRF_EXEMPT.has(field) && !ctx.csrfValid) {
    return refuse(new AppError('CSRF_FAILED', 'Missing or invalid x-csrf-token header'))
  }
  if (rule.roles !== 'any' && !rule.roles.some((r) => viewer.roles.includes(r))) {
    return refuse(new AppError('FORBIDDEN', 'Your role does not allow this'))
  }
}

export function applyAccessRules(schema: GraphQLSchema, rules: Record<string, AccessRule>): GraphQLSchema {
  const missing: string[] = []
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue
    for (const field of Object.values(type.getFields())) {
      const name = `${type.name}.${field.name}`
      const rule = rules[name]
      if (!rule) {
        missing.push(name)
        continue
      }
      const resolve = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, GraphQLContext>
      field.resolve = async (source, args, ctx, info) => {
        await checkAccess(rule, ctx, name)
        return resolve(source, args, ctx, info)
      }
    }
  }
  if (missing.length > 0) throw new Error(`GraphQL root fields without an access rule: ${missing.join(', ')}`)
  return schema
}

/** Root fields without a rule (for the schema-walking test). */
export function fieldsWithoutRules(schema: GraphQLSchema, rules: Record<string, AccessRule>): string[] {
  return [schema.getQueryType(), schema.getMutationType()]
    .filter((t) => t !== null && t !== undefined)
    .flatMap((t) => Object.keys(t!.getFields()).map((f) => `${t!.name}.${f}`))
    .filter((name) => !rules[name])
}
