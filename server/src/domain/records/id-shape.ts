/** Ids from a request are looked up only when they could be ids at all; anything else is simply not found. */
export function isIdShaped(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= 100
}
