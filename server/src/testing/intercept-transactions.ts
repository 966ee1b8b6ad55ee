/**
 * The same database client with hooks around each interactive transaction, to interleave another writer at an
 * exact point of an operation (between its steps) or to make one step fail as a lost connection would.
 * `before` may throw to fail that transaction without running it; `after` runs once it has committed.
 */
import type { Db } from '../db.js'

export function interceptTransactions(db: Db, hooks: { before?: () => Promise<void>; after?: () => Promise<void> }): Db {
  return new Proxy(db, {
    get(target, key) {
      if (key === '$transaction') {
        return async (...args: unknown[]) => {
          await hooks.before?.()
          const result = await (target.$transaction as (...a: unknown[]) => Promise<unknown>)(...args)
          await hooks.after?.()
          return result
        }
      }
      const value = Reflect.get(target, key, target) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}
