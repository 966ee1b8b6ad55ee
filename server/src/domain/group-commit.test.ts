import { describe, expect, it } from 'vitest'
import { groupCommit } from './group-commit.js'

describe('group commit', () => {
  it('commits a lone item at once, and items that arrive during a commit together in the next one', async () => {
    const batches: number[][] = []
    let release: () => void = () => {}
    const commit = groupCommit<number, string>({
      commitOne: async (n) => {
        batches.push([n])
        await new Promise<void>((r) => (release = r))
        return `one:${n}`
      },
      commitMany: async (ns) => {
        batches.push(ns)
        return ns.map((n) => `many:${n}`)
      },
    })
    const first = commit(1)
    await new Promise((r) => setTimeout(r, 5))
    const rest = [2, 3, 4].map((n) => commit(n))
    release()
    expect(await Promise.all([first, ...rest])).toEqual(['one:1', 'many:2', 'many:3', 'many:4'])
    expect(batches).toEqual([[1], [2, 3, 4]])
  })

  it('redoes a failed batch item by item, so one bad item fails alone', async () => {
    const commit = groupCommit<number, number>({
      commitOne: async (n) => {
        if (n === 2) throw new Error('item 2 is bad')
        return n * 10
      },
      commitMany: async () => {
        throw new Error('the batch rolled back')
      },
    })
    const results = await Promise.allSettled([1, 2, 3].map((n) => commit(n)))
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 'item 2 is bad', 30])
  })

  it('fails the whole batch at once when the failure is not the items\' (retryAlone says so)', async () => {
    let alone = 0
    const commit = groupCommit<number, number>({
      commitOne: async (n) => (alone++, n),
      commitMany: async () => {
        throw new Error('database unreachable')
      },
      retryAlone: (error) => !/unreachable/.test((error as Error).message),
    })
    const results = await Promise.allSettled([1, 2, 3].map((n) => commit(n)))
    // the three callers of one tick form one batch; its failure is everyone's, with no retries one by one
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'committed'))).toEqual(Array(3).fill('database unreachable'))
    expect(alone).toBe(0)
  })

  it('never puts more than maxBatch items in one commit', async () => {
    const sizes: number[] = []
    const commit = groupCommit<number, number>({ commitOne: async (n) => n, commitMany: async (ns) => (sizes.push(ns.length), ns), maxBatch: 3 })
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => commit(n)))
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3)
  })
})
