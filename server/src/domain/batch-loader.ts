/**
 * Collects the keys asked for within one turn of the event loop and loads them with one call (one database read for the
 * several status lists a presentation refers to). Each caller gets its own key's value or error.
 */
export function batchLoader<K, V>(loadMany: (keys: K[]) => Promise<Map<K, V>>, notFound: (key: K) => Error): (key: K) => Promise<V> {
  let pending: Array<{ key: K; resolve: (v: V) => void; reject: (e: unknown) => void }> | undefined
  return (key) =>
    new Promise<V>((resolve, reject) => {
      if (!pending) {
        pending = []
        setImmediate(() => {
          const batch = pending!
          pending = undefined
          loadMany([...new Set(batch.map((b) => b.key))]).then(
            (values) => {
              for (const b of batch) {
                const v = values.get(b.key)
                if (v === undefined) b.reject(notFound(b.key))
                else b.resolve(v)
              }
            },
            (error: unknown) => batch.forEach((b) => b.reject(error)),
          )
        })
      }
      pending.push({ key, resolve, reject })
    })
}
