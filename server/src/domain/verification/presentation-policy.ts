/**
 * Verifier requirements as data: a DIF Presentation Exchange v2 presentation definition, evaluated against
 * the credentials of a presentation *after* they verified. Supported subset (what CredGate's policies use;
 * anything else in a definition is refused when the policy is saved, never ignored at verification):
 *  - input_descriptors[].constraints.fields[] with `path` (JSONPath `$.a.b`, `$.a[0]`, first match wins),
 *    `filter` (JSON Schema: type, const, enum, pattern, contains, minimum, maximum, format date-time with
 *    formatMinimum/formatMaximum) and `optional`;
 *  - a CredGate extension `credgate:maxAgeDays` per descriptor: the credential must have been issued within
 *    that many days (freshness).
 * Each descriptor must be satisfied by a distinct credential.
 */
import { z } from 'zod'
import { AppError } from '../../errors.js'

const JsonSchemaFilter: z.ZodType<Filter> = z.lazy(() =>
  z
    .object({
      type: z.enum(['string', 'number', 'integer', 'boolean', 'array', 'object']).optional(),
      const: z.unknown().optional(),
      enum: z.array(z.unknown()).optional(),
      pattern: z.string().max(500).optional(),
      contains: JsonSchemaFilter.optional(),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
      format: z.literal('date-time').optional(),
      formatMinimum: z.string().optional(),
      formatMaximum: z.string().optional(),
    })
    .strict(),
)

interface Filter {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object'
  const?: unknown
  enum?: unknown[]
  pattern?: string
  contains?: Filter
  minimum?: number
  maximum?: number
  format?: 'date-time'
  formatMinimum?: string
  formatMaximum?: string
}

export const PresentationDefinition = z
  .object({
    id: z.string().min(1).max(200),
    name: z.string().max(200).optional(),
    purpose: z.string().max(1000).optional(),
    input_descriptors: z
      .array(
        z
          .object({
            id: z.string().min(1).max(200),
            name: z.string().max(200).optional(),
            purpose: z.string().max(1000).optional(),
            'credgate:maxAgeDays': z.number().int().positive().optional(),
            constraints: z
              .object({
                fields: z
                  .array(
                    z
                      .object({
                        id: z.string().optional(),
                        path: z.array(z.string().regex(/^\$(\.[A-Za-z_@][\w@-]*|\[\d+\])*$/, 'JSONPath of the form $.a.b or $.a[0]')).min(1),
                        purpose: z.string().optional(),
                        optional: z.boolean().optional(),
                        filter: JsonSchemaFilter.optional(),
                      })
                      .strict(),
                  )
                  .max(30),
              })
              .strict(),
          })
          .strict(),
      )
      .min(1)
      .max(10),
  })
  .strict()
export type PresentationDefinition = z.infer<typeof PresentationDefinition>

export function parsePresentationDefinition(value: unknown): PresentationDefinition {
  const parsed = PresentationDefinition.safeParse(value)
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', 'Unsupported or invalid presentation definition', {
      fields: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })),
    })
  }
  return parsed.data
}

/** The credential as the definition's paths see it (W3C data model, JWT claims folded back in). */
export interface PolicyCredential {
  id: string | undefined
  type: string[]
  issuer: string | undefined
  issuanceDate: string | undefined
  expirationDate: string | undefined
  credentialSubject: Record<string, unknown>
}

function select(obj: unknown, path: string): unknown {
  const steps = path.slice(1).match(/\.[A-Za-z_@][\w@-]*|\[\d+\]/g) ?? []
  let cur = obj
  for (const step of steps) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = step.startsWith('[') ? (cur as unknown[])[Number(step.slice(1, -1))] : (cur as Record<string, unknown>)[step.slice(1)]
  }
  return cur
}

function satisfies(value: unknown, f: Filter): boolean {
  if (f.type) {
    const t = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value
    if (f.type === 'integer' ? !Number.isInteger(value) : t !== f.type) return false
  }
  if ('const' in f && f.const !== undefined && JSON.stringify(value) !== JSON.stringify(f.const)) return false
  if (f.enum && !f.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return false
  if (f.pattern !== undefined && (typeof value !== 'string' || !new RegExp(f.pattern, 'u').test(value))) return false
  if (f.contains && (!Array.isArray(value) || !value.some((v) => satisfies(v, f.contains!)))) return false
  if (f.minimum !== undefined && (typeof value !== 'number' || value < f.minimum)) return false
  if (f.maximum !== undefined && (typeof value !== 'number' || value > f.maximum)) return false
  if (f.format === 'date-time') {
    const t = typeof value === 'string' ? Date.parse(value) : NaN
    if (Number.isNaN(t)) return false
    if (f.formatMinimum && t < Date.parse(f.formatMinimum)) return false
    if (f.formatMaximum && t > Date.parse(f.formatMaximum)) return false
  }
  return true
}

export interface PolicyOutcome {
  satisfied: boolean
  /** descriptor id -> index of the credential that satisfied it */
  matches: Record<string, number>
  unmet: string[]
}

export function evaluatePolicy(definition: PresentationDefinition, credentials: PolicyCredential[], now: Date): PolicyOutcome {
  const used = new Set<number>()
  const matches: Record<string, number> = {}
  const unmet: string[] = []
  for (const descriptor of definition.input_descriptors) {
    const maxAge = descriptor['credgate:maxAgeDays']
    const index = credentials.findIndex((c, i) => {
      if (used.has(i)) return false
      if (maxAge && (!c.issuanceDate || now.getTime() - Date.parse(c.issuanceDate) > maxAge * 86_400_000)) return false
      return descriptor.constraints.fields.every((field) => {
        const value = field.path.map((p) => select(c, p)).find((v) => v !== undefined)
        if (value === undefined) return field.optional === true
        return !field.filter || satisfies(value, field.filter)
      })
    })
    if (index < 0) unmet.push(descriptor.name ?? descriptor.id)
    else {
      used.add(index)
      matches[descriptor.id] = index
    }
  }
  return { satisfied: unmet.length === 0, matches, unmet }
}
