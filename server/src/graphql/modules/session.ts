/** Staff sign-in, sign-out and "who am I". */
import { loginStaff, logoutStaff, csrfTokenFor, type StaffViewer } from '../../domain/accounts/staff-sessions.js'
import { clearSessionCookie, setSessionCookie } from '../../http/cookies.js'
import { anyStaff, PUBLIC } from '../access.js'
import type { GraphQLModule } from './module.js'

export const sessionModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    type Organization {
      id: ID!
      name: String!
      kind: String!
      did: String!
      jurisdiction: String
    }
    type StaffAccount {
      id: ID!
      email: String!
      name: String!
      roles: [String!]!
      organization: Organization!
    }
    type StaffSession {
      account: StaffAccount!
      "Send this value in the x-csrf-token header with every mutation."
      csrfToken: String!
    }
    type Query {
      "The signed-in staff member's session, or null."
      session: StaffSession
    }
    type Mutation {
      "Signs in with email and password; sets an httpOnly session cookie."
      login(email: String!, password: String!): StaffSession!
      logout: Boolean!
    }
  `,
  access: {
    'Query.session': PUBLIC,
    'Mutation.login': PUBLIC,
    'Mutation.logout': anyStaff,
  },
  resolvers: {
    Query: {
      session: (_root, _args, ctx) => (ctx.staff && ctx.sessionToken ? toSession(ctx.staff, csrfTokenFor(ctx.sessionToken)) : null),
    },
    Mutation: {
      login: async (_root, args: { email: string; password: string }, ctx) => {
        const result = await loginStaff(ctx.platform.db, { email: args.email, password: args.password, ip: ctx.ip })
        setSessionCookie(ctx.res, result.token, result.expiresAt, ctx.platform.config.publicUrl.startsWith('https:'))
        return toSession(result.viewer, result.csrfToken)
      },
      logout: async (_root, _args, ctx) => {
        await logoutStaff(ctx.platform.db, ctx.staff!)
        clearSessionCookie(ctx.res, ctx.platform.config.publicUrl.startsWith('https:'))
        return true
      },
    },
  },
}

function toSession(viewer: StaffViewer, csrfToken: string) {
  return {
    csrfToken,
    account: {
      id: viewer.accountId,
      email: viewer.email,
      name: viewer.name,
      roles: viewer.roles,
      organization: { id: viewer.orgId, name: viewer.orgName, kind: viewer.orgKind, did: viewer.orgDid, jurisdiction: viewer.orgJurisdiction },
    },
  }
}
