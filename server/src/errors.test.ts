/** Which failures clients hear about as UNAVAILABLE (retry later) rather than a masked INTERNAL. */
import { describe, expect, it } from 'vitest'
import { classifyInfrastructureError, toPublicError } from './errors.js'

/** Errors shaped as Prisma 6.19 with @prisma/adapter-pg 7.10 throws them (captured while PostgreSQL restarted). */
function driverAdapterError(cause: Record<string, unknown>): Error {
  return Object.assign(new Error(String(cause.message ?? cause.kind)), { name: 'DriverAdapterError', cause })
}
function prismaKnownError(code: string, cause: Record<string, unknown>): Error {
  return Object.assign(new Error(`Raw query failed. Code: \`${String(cause.code ?? 'N/A')}\`.`), { name: 'PrismaClientKnownRequestError', code, meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } })
}
const postgres = (code: string, message: string) => ({ kind: 'postgres', code, originalCode: code, severity: 'FATAL', message, originalMessage: message })

describe('classifyInfrastructureError', () => {
  it('answers UNAVAILABLE while PostgreSQL is restarting, not INTERNAL (these were 500s)', () => {
    for (const error of [
      driverAdapterError(postgres('57P03', 'the database system is starting up')),
      driverAdapterError(postgres('57P03', 'the database system is shutting down')),
      prismaKnownError('P2010', postgres('57P01', 'terminating connection due to administrator command')),
      prismaKnownError('P2010', postgres('08006', 'connection failure')),
      driverAdapterError({ kind: 'ConnectionClosed' }),
      driverAdapterError({ kind: 'TooManyConnections', cause: 'sorry, too many clients already' }),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      expect(toPublicError(error)).toEqual({ code: 'UNAVAILABLE', message: 'The database is unreachable; nothing was saved. Try again shortly.' })
    }
  })

  it('leaves request errors and unknown failures alone', () => {
    expect(classifyInfrastructureError(prismaKnownError('P2002', { kind: 'UniqueConstraintViolation', constraint: { fields: ['id'] } }))).toBeUndefined()
    expect(classifyInfrastructureError(driverAdapterError(postgres('42P01', 'relation "x" does not exist')))).toBeUndefined()
    expect(toPublicError(new Error('boom')).code).toBe('INTERNAL')
  })
})
