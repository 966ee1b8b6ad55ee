/**
 * Bulk licence imports for board admins: start one from a CSV (processed in the background of the server)
 * and follow its progress. Large files go through POST /imports/licenses (10 MB); this mutation carries the
 * file in the GraphQL request, which the GraphQL body limit keeps small.
 */
import { importLicenses } from '../../domain/imports/import-licenses.js'
import { getLicenseImport, listLicenseImports, type LicenseImportView } from '../../domain/imports/query-license-imports.js'
import { staffWith } from '../access.js'
import type { GraphQLContext } from '../context.js'
import { staffCaller } from './credentials.js'
import type { GraphQLModule } from './module.js'

const BOARD_ADMINS = staffWith('BOARD_ADMIN')
const MAX_ERRORS_PAGE = 1_000

export const importsModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    "One problem with one row of an import file; row numbers count the header as row 1."
    type LicenseImportError {
      row: Int!
      "The column (or (row) for the row as a whole)."
      field: String!
      reason: String!
    }
    type LicenseImport {
      id: ID!
      fileName: String!
      "SHA-256 of the file: submitting the same file again re-runs or resumes this import."
      fileHash: String!
      totalRows: Int!
      "Rows handled so far (issued + skipped + failed)."
      processed: Int!
      "Rows for which a licence was issued."
      issued: Int!
      "Rows whose identical licence was already current (unchanged, nothing issued)."
      skipped: Int!
      "Rows with errors (never issued)."
      failed: Int!
      "RUNNING | DONE | FAILED (stopped before the end: submit the same file to resume)."
      status: String!
      "RUNNING without progress for a minute: its worker stopped; submit the same file to resume."
      stalled: Boolean!
      errorCount: Int!
      "Errors by row, a page at a time (at most 1000)."
      errors(offset: Int, limit: Int): [LicenseImportError!]!
      createdBy: String!
      createdAt: String!
      updatedAt: String!
    }
    extend type Query {
      "One of your board's licence imports, with its progress."
      licenseImport(id: ID!): LicenseImport!
      "Your board's licence imports, newest first."
      licenseImports(limit: Int): [LicenseImport!]!
    }
    extend type Mutation {
      "Starts importing a CSV of licences (returns at once, RUNNING); the same file again re-runs or resumes it."
      importLicenses(fileName: String!, csv: String!): LicenseImport!
    }
  `,
  access: {
    'Query.licenseImport': BOARD_ADMINS,
    'Query.licenseImports': BOARD_ADMINS,
    'Mutation.importLicenses': BOARD_ADMINS,
  },
  resolvers: {
    LicenseImport: {
      errorCount: (parent: LicenseImportView) => parent.errors.length,
      errors: (parent: LicenseImportView, args: { offset?: number | null; limit?: number | null }) => {
        const offset = Math.max(0, args.offset ?? 0)
        const limit = Math.min(Math.max(0, args.limit ?? 100), MAX_ERRORS_PAGE)
        return parent.errors.slice(offset, offset + limit)
      },
      createdAt: (parent: LicenseImportView) => parent.createdAt.toISOString(),
      updatedAt: (parent: LicenseImportView) => parent.updatedAt.toISOString(),
    },
    Query: {
      licenseImport: (_r, args: { id: string }, ctx: GraphQLContext) => getLicenseImport(ctx.platform.db, { orgId: ctx.staff!.orgId, id: args.id }),
      licenseImports: (_r, args: { limit?: number | null }, ctx: GraphQLContext) =>
        listLicenseImports(ctx.platform.db, { orgId: ctx.staff!.orgId, input: args.limit === null || args.limit === undefined ? {} : { limit: args.limit } }),
    },
    Mutation: {
      importLicenses: (_r, args: { fileName: string; csv: string }, ctx: GraphQLContext) =>
        importLicenses(ctx.platform, { caller: staffCaller(ctx), fileName: args.fileName, file: args.csv }),
    },
  },
}
