/**
 * GraphQL hardening in one file: query depth, alias count and token limits, introspection off in
 * production. (Batching is off: yoga's default.) Errors use our QUERY_TOO_COMPLEX code.
 */
import { GraphQLError, Kind, NoSchemaIntrospectionCustomRule, parse, type ASTNode, type ValidationRule } from 'graphql'
import type { Plugin } from 'graphql-yoga'

export const GRAPHQL_LIMITS = { maxDepth: 10, maxAliases: 20, maxTokens: 2_000 }

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } })
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

export function useLimits(options: { production: boolean }): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, parseOptions) => {
        try {
          return parse(source, { ...parseOptions, maxTokens: GRAPHQL_LIMITS.maxTokens })
        } catch (error) {
          if (error instanceof GraphQLError && /token limit/i.test(error.message)) throw tooComplex(error.message)
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
