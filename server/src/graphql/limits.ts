/**
 * GraphQL hardening in one file: query depth, alias count and token limits, introspection off in
 * production. (Batching is off: yoga's default.) Errors use our QUERY_TOO_COMPLEX code.
 */
import { Kind, NoSchemaIntrospectionCustomRule, type ASTNode, type DocumentNode, type GraphQLError, type ValidationRule } from 'graphql'
import { createGraphQLError, type Plugin } from 'graphql-yoga'
import type { AppError } from '../errors.js'
import type { RateLimitClass, RateLimiter } from '../http/rate-limit.js'
import type { GraphQLContext } from './context.js'

export const GRAPHQL_LIMITS = { maxDepth: 10, maxAliases: 20, maxTokens: 2_000 }

// Errors are made with yoga's createGraphQLError: graphql can be loaded twice (CJS and ESM builds), and
// yoga only answers 400 (instead of 500) for errors of its own GraphQLError class.
function tooComplex(message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } })
}

export const depthAndAliasRule: ValidationRule = (context) => {
  let aliases = 0
  const depthOf = (node: ASTNode, depth: number): number => {
    if (!('selectionSet' in node) || !node.selectionSet) return depth
    let max = depth
    for (const selection of node.selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases++
        max = Math.max(max, depthOf(selection, depth + 1))
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, depthOf(selection, depth))
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = context.getFragment(selection.name.value)
        if (fragment) max = Math.max(max, depthOf(fragment, depth))
      }
    }
    return max
  }
  return {
    OperationDefinition(node) {
      const depth = depthOf(node, 0)
      if (depth > GRAPHQL_LIMITS.maxDepth) context.reportError(tooComplex(`Query depth ${depth} exceeds ${GRAPHQL_LIMITS.maxDepth}`))
      if (aliases > GRAPHQL_LIMITS.maxAliases) context.reportError(tooComplex(`Query uses ${aliases} aliases; at most ${GRAPHQL_LIMITS.maxAliases}`))
    },
  }
}

/** Root fields that cost the server real work or guard secrets, and their rate-limit class. */
const RATE_LIMITED_FIELDS: Record<string, RateLimitClass> = {
  login: 'login',
  createPresentationChallenge: 'challenge',
  fetchMyCredentials: 'challenge',
  verifyPresentation: 'verify',
  verifyCredential: 'verify',
  submitPresentation: 'verify',
  createAccessChallenge: 'challenge',
  signInClinician: 'verify',
  signInPatient: 'verify',
}

export function useLimits(options: { production: boolean; rateLimiter: RateLimiter }): Plugin<GraphQLContext> {
  return {
    onExecute({ args }) {
      const operation = (args.document as DocumentNode).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)
      if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return
      for (const selection of operation.selectionSet.selections) {
        if (selection.kind !== Kind.FIELD) continue
        const kind = RATE_LIMITED_FIELDS[selection.name.value]
        if (!kind) continue
        try {
          options.rateLimiter.hit(kind, args.contextValue.ip)
        } catch (error) {
          throw createGraphQLError((error as Error).message, { extensions: { code: 'RATE_LIMITED', details: (error as AppError).details } })
        }
      }
    },
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, parseOptions) => {
        try {
          return parseFn(source, { ...parseOptions, maxTokens: GRAPHQL_LIMITS.maxTokens })
        } catch (error) {
          if (/token limit/i.test((error as Error).message)) throw tooComplex((error as Error).message)
          throw error
        }
      })
    },
    onValidate({ addValidationRule }) {
      addValidationRule(depthAndAliasRule)
      if (options.production) addValidationRule(NoSchemaIntrospectionCustomRule)
    },
  }
}
