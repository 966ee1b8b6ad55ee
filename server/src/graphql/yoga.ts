/** graphql-yoga on Express: our schema, our context, our limits, and one mapping from errors to codes. */
import type { GraphQLError } from 'graphql'
import { createGraphQLError, createYoga, type YogaServerInstance } from 'graphql-yoga'
import type { Request, Response } from 'express'
import { classifyInfrastructureError, isAppError } from '../errors.js'
import type { Platform } from '../platform.js'
import { buildContext, type GraphQLContext } from './context.js'
import { useLimits } from './limits.js'
import { buildSchema } from './schema.js'

export function createGraphQLHandler(platform: Platform): YogaServerInstance<{ req: Request; res: Response }, GraphQLContext> {
  const production = platform.config.nodeEnv === 'production'
  return createYoga<{ req: Request; res: Response }, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: !production,
    landingPage: false,
    batching: false,
    logging: false,
    context: ({ req, res }) => buildContext(platform, req, res),
    plugins: [useLimits({ production, rateLimiter: platform.rateLimiter })],
    maskedErrors: {
      maskError(error, message) {
        // Duck-typed: graphql can be loaded twice (CJS and ESM builds), which defeats instanceof.
        let original: unknown = error
        while (isGraphQLError(original) && original.originalError) original = original.originalError
        original = classifyInfrastructureError(original) ?? original
        if (isAppError(original)) {
          return createGraphQLError(original.message, {
            extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) },
          })
        }
        if (isGraphQLError(original)) return original // parse/validation errors (they carry their own code)
        platform.logger.error('unexpected GraphQL error', { error: original })
        return createGraphQLError(message, { extensions: { code: 'INTERNAL' } })
      },
    },
  })
}

function isGraphQLError(value: unknown): value is GraphQLError {
  return value instanceof Error && value.name === 'GraphQLError'
}
