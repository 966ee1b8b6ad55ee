/**
 * A small structured logger (one JSON object per line). Values under keys that look secret are redacted,
 * and so is anything shaped like a private key or a session token, so a careless call cannot leak them.
 */
type Level = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 }
const SECRET_KEY = /pass(word)?|secret|token|private|master|cookie|authorization|jwt|ciphertext/i
const SECRET_VALUE = /\b(0x)?[0-9a-fA-F]{64}\b/g

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]'
  if (typeof value === 'string') return value.replace(SECRET_VALUE, '[redacted]')
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1)]))
  }
  return value
}

export function createLogger(level: Level = 'info', write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const emit = (l: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[l] < ORDER[level]) return
    write(JSON.stringify({ t: new Date().toISOString(), level: l, msg: redact(msg), ...(fields ? (redact(fields) as object) : {}) }))
  }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
