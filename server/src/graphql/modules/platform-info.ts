/** Public facts about this deployment (chain, registry, DID prefix). */
import { PUBLIC } from '../access.js'
import type { GraphQLModule } from './module.js'

export const platformInfoModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    type PlatformInfo {
      chainId: Int!
      didPrefix: String!
      registry: String!
      platformDid: String!
    }
    extend type Query {
      platform: PlatformInfo!
    }
  `,
  access: { 'Query.platform': PUBLIC },
  resolvers: {
    Query: {
      platform: (_root, _args, ctx) => ({
        chainId: ctx.platform.chain.chainId,
        didPrefix: ctx.platform.chain.didPrefix,
        registry: ctx.platform.chain.registry,
        platformDid: ctx.platform.platformOrg.did,
      }),
    },
  },
}
