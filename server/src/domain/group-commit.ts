/**
 * Group commit: writes that arrive while a commit is running wait for it, then go together in one
 * transaction, each caller getting its own result. A lone write is committed at once (no added latency);
 * under load the batches grow by themselves, so the number of transactions (and of turns at the audit
 * chain's head lock) stops growing with the number of requests.
 *
 * If a batch fails as a whole (it rolled back entirely), its items are committed one by one, so one
 * item's problem or a conflict with another instance never decides another item's fate; unless
 * `retryAlone(error)` says the failure is not the items' (the database is down): then every item fails with
 * it at once, instead of each waiting out the same outage again.
 */
export function groupCommit<I, R>(options: {
  commitMany: (items: I[]) => Promise<R[]>
  commitOne: (item: I) => Promise<R>
  retryAlone?: (error: unknown) => boolean
  maxBatch?: number
}): (item: I) => Promise<R> {
  const maxBatch = options.maxBatch ?? 64
  let queue: Array<{ item: I; resolve: (r: R) => void; reject: (e: unknown) => void }> = []
  let draining = false

  const settleOne = async (p: (typeof queue)[number]) => {
    try {
      p.resolve(await options.commitOne(p.item))
    } catch (error) {
      p.reject(error)
    }
  }

  const drain = async () => {
    draining = true
    try {
      await Promise.resolve() // callers of this same tick join the first batch
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch)
        queue = queue.slice(batch.length)
        if (batch.length === 1) {
          await settleOne(batch[0]!)
          continue
        }
        let results: R[] | undefined
        try {
          results = await options.commitMany(batch.map((p) => p.item))
        } catch (error) {
          if (options.retryAlone && !options.retryAlone(error)) {
            for (const p of batch) p.reject(error)
            continue
          }
          results = undefined
        }
        if (results && results.length === batch.length) batch.forEach((p, i) => p.resolve(results[i]!))
        else for (const p of batch) await settleOne(p)
      }
    } finally {
      draining = false
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject })
      if (!draining) void drain()
    })
}
