/**
 * JSON.parse that refuses what a verifier must not guess about: duplicate keys (two parsers could read two
 * different values), nesting deeper than `maxDepth`, and `__proto__` keys.
 */
export class StrictJsonError extends Error {
  override name = 'StrictJsonError'
}

export function parseStrictJson(text: string, maxDepth = 32): unknown {
  let i = 0
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++
  }
  const fail = (what: string): never => {
    throw new StrictJsonError(`${what} at position ${i}`)
  }
  const parseString = (): string => {
    const start = i
    i++ // opening quote
    while (i < text.length) {
      const c = text[i]
      if (c === '\\') i += 2
      else if (c === '"') {
        i++
        return JSON.parse(text.slice(start, i)) as string
      } else if (c !== undefined && c < ' ') fail('control character in string')
      else i++
    }
    return fail('unterminated string')
  }
  const parseValue = (depth: number): unknown => {
    if (depth > maxDepth) fail(`nesting deeper than ${maxDepth}`)
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const out: Record<string, unknown> = {}
      const seen = new Set<string>()
      ws()
      if (text[i] === '}') {
        i++
        return out
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail('expected a key')
        const key = parseString()
        if (seen.has(key)) fail(`duplicate key "${key.slice(0, 40)}"`)
        if (key === '__proto__') fail('forbidden key __proto__')
        seen.add(key)
        ws()
        if (text[i] !== ':') fail('expected :')
        i++
        out[key] = parseValue(depth + 1)
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return out
        }
        fail('expected , or }')
      }
    }
    if (c === '[') {
      i++
      const out: unknown[] = []
      ws()
      if (text[i] === ']') {
        i++
        return out
      }
      for (;;) {
        out.push(parseValue(depth + 1))
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return out
        }
        fail('expected , or ]')
      }
    }
    if (c === '"') return parseString()
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400))
    if (!m) fail('unexpected token')
    i += m![0].length
    return JSON.parse(m![0])
  }
  const value = parseValue(0)
  ws()
  if (i !== text.length) fail('trailing characters')
  return value
}
