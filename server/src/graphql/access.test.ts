import { describe, expect, it } from 'vitest'
import { allAccessRules, buildRawSchema, buildSchema } from './schema.js'
import { fieldsWithoutRules } from './access.js'

describe('GraphQL authorization rules', () => {
  it('declares an access rule for every root Query and Mutation field', () => {
    expect(fieldsWithoutRules(buildRawSchema(), allAccessRules())).toEqual([])
  })

  it('refuses to build a schema with a root field that has no rule', () => {
    const rules = allAccessRules()
    const [someField] = Object.keys(rules)
    const { [someField!]: _dropped, ...fewer } = rules
    void _dropped
    expect(() => buildSchema([{ typeDefs: 'type Query { unguarded: Int }', resolvers: {}, access: fewer }])).toThrow(/without an access rule: Query.unguarded/)
  })
})
