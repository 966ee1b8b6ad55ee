/** Dates and numbers as people read them (the browser's locale), and small date helpers for forms. */

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return '—'
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: isDateOnlyMidnightUtc(date) ? 'UTC' : undefined })
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return '—'
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

/** Dates entered without a time are stored as 00:00 UTC; show them as that calendar day everywhere. */
function isDateOnlyMidnightUtc(date: Date): boolean {
  return date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0
}

/** Whole days from now until `iso` (negative when past). */
export function daysUntil(iso: string, now: Date = new Date()): number {
  return Math.floor((new Date(iso).getTime() - now.getTime()) / 86_400_000)
}

/** "in 12 days", "today", "3 days ago". */
export function relativeDays(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return ''
  const days = daysUntil(iso, now)
  if (days === 0) return new Date(iso).getTime() >= now.getTime() ? 'within a day' : 'today'
  if (days > 0) return `in ${days} day${days === 1 ? '' : 's'}`
  return `${-days} day${days === -1 ? '' : 's'} ago`
}

/** YYYY-MM-DD of a date in local time (what <input type="date"> shows and returns). */
export function toDateInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export function addDays(date: Date, days: number): Date {
  const copy = new Date(date)
  copy.setDate(copy.getDate() + days)
  return copy
}

/** Today as YYYY-MM-DD (for min= on date inputs and "not in the past" checks). */
export function todayInputValue(): string {
  return toDateInputValue(new Date())
}

export function pluralize(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`
}
