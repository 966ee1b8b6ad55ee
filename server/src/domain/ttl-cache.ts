/**
 * A small time-bounded memo for rarely-changing reference data (alert rules, trust anchors, organisation
 * kinds). Never used for anything a revocation must reach at once: those are read fresh.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: Promise<V>; expiresAt: number }>()

  constructor(private readonly ttlMs: number, private readonly maxEntries = 10_000) {}

  get(key: string, load: () => Promise<V>, now = Date.now()): Promise<V> {
    const hit = this.#entries.get(key)
    if (hit && hit.expiresAt > now) return hit.value
    if (this.#entries.size >= this.maxEntries) this.#entries.clear()
    const value = load()
    this.#entries.set(key, { value, expiresAt: now + this.ttlMs })
    value.catch(() => this.#entries.delete(key))
    return value
  }

  clear(): void {
    this.#entries.clear()
  }
}
