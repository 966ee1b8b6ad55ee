/** Assembles the GraphQL schema from its modules and applies every module's access rules. */
import { makeExecutableSchema } from '@graphql-tools/schema'
import { mergeResolvers } from '@graphql-tools/merge'
import type { GraphQLSchema } from 'graphql'
import { applyAccessRules, type AccessRule } from './access.js'
import type { GraphQLModule } from './modules/module.js'
import { auditModule } from './modules/audit.js'
import { credentialsModule } from './modules/credentials.js'
import { verificationModule } from './modules/verification.js'
import { hiringModule } from './modules/hiring.js'
import { importsModule } from './modules/imports.js'
import { platformInfoModule } from './modules/platform-info.js'
import { sessionModule } from './modules/session.js'
import { clinicianModule } from './modules/clinician.js'
import { patientModule } from './modules/patient.js'
import { recordsAccessModule } from './modules/records-access.js'
import { recordsStaffModule } from './modules/records-staff.js'

export const GRAPHQL_MODULES: GraphQLModule[] = [sessionModule, platformInfoModule, auditModule, credentialsModule, verificationModule, hiringModule, importsModule, recordsAccessModule, recordsStaffModule, clinicianModule, patientModule]

export function allAccessRules(modules: GraphQLModule[] = GRAPHQL_MODULES): Record<string, AccessRule> {
  return Object.assign({}, ...modules.map((m) => m.access))
}

/** The schema without access wrapping (for the test that every root field has a rule). */
export function buildRawSchema(modules: GraphQLModule[] = GRAPHQL_MODULES): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: modules.map((m) => m.typeDefs),
    resolvers: mergeResolvers(modules.map((m) => m.resolvers)),
  })
}

export function buildSchema(modules: GraphQLModule[] = GRAPHQL_MODULES): GraphQLSchema {
  return applyAccessRules(buildRawSchema(modules), allAccessRules(modules))
}
