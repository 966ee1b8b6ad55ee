/**
 * Reading a verifier's DIF Presentation Exchange v2 definition well enough to tell the person what is asked
 * and to preselect credentials that fit: each input descriptor's name and purpose, and the type and
 * constant-value filters of its fields. Matching here is a convenience; the verifier decides.
 */
import { decodeJwtPayload } from './encoding.ts'

export interface Requirement {
  id: string
  name: string
  purpose: string | undefined
  /** The credential type asked for, when the definition says. */
  type: string | undefined
  /** Claims that must have a given value, e.g. jurisdiction = US-CA. */
  constants: Array<{ claim: string; value: string }>
}

interface Field {
  path?: unknown
  filter?: { const?: unknown; contains?: { const?: unknown } }
}

export function readRequirements(definitionJson: string): Requirement[] {
  let definition: unknown
  try {
    definition = JSON.parse(definitionJson)
  } catch {
    return []
  }
  const descriptors = (definition as { input_descriptors?: unknown })?.input_descriptors
  if (!Array.isArray(descriptors)) return []
  return descriptors.map((raw, index): Requirement => {
    const d = (raw ?? {}) as { id?: unknown; name?: unknown; purpose?: unknown; constraints?: { fields?: unknown } }
    const fields = Array.isArray(d.constraints?.fields) ? (d.constraints.fields as Field[]) : []
    let type: string | undefined
    const constants: Requirement['constants'] = []
    for (const field of fields) {
      const path = Array.isArray(field.path) ? String(field.path[0] ?? '') : ''
      if (/\.type$|^\$\.vc\.type$/.test(path) && typeof field.filter?.contains?.const === 'string') type = field.filter.contains.const
      else if (typeof field.filter?.const === 'string') {
        const claim = path.replace(/^\$\.(vc\.)?credentialSubject\./, '')
        constants.push({ claim, value: field.filter.const })
      }
    }
    return {
      id: typeof d.id === 'string' ? d.id : `requirement-${index}`,
      name: typeof d.name === 'string' ? d.name : type ?? 'A credential',
      purpose: typeof d.purpose === 'string' ? d.purpose : undefined,
      type,
      constants,
    }
  })
}

/** The credential's subject claims and types, read from its JWT (display and matching only). */
export function credentialContents(jwt: string): { types: string[]; claims: Record<string, unknown> } {
  const payload = decodeJwtPayload(jwt)
  const vc = (payload?.vc ?? {}) as { type?: unknown; credentialSubject?: unknown }
  const types = Array.isArray(vc.type) ? vc.type.filter((t): t is string => typeof t === 'string') : []
  const claims = vc.credentialSubject && typeof vc.credentialSubject === 'object' ? (vc.credentialSubject as Record<string, unknown>) : {}
  return { types, claims }
}

export function satisfies(requirement: Requirement, jwt: string): boolean {
  const { types, claims } = credentialContents(jwt)
  if (requirement.type && !types.includes(requirement.type)) return false
  return requirement.constants.every((c) => claims[c.claim] === c.value)
}
