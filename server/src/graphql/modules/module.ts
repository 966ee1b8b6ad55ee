/** A GraphQL module: its SDL, its resolvers and the access rule of each root field it adds. */
import type { IResolvers } from '@graphql-tools/utils'
import type { AccessRule } from '../access.js'
import type { GraphQLContext } from '../context.js'

export interface GraphQLModule {
  typeDefs: string
  resolvers: IResolvers<unknown, GraphQLContext>
  access: Record<string, AccessRule>
}
