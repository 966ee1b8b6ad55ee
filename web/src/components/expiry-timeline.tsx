/**
 * A timeline of upcoming expiries, drawn as SVG (no chart library): one row per person, a marker per credential
 * (circle: licence, square: privileges) placed on the next `horizonDays`, with the 30/60/90-day warning bands.
 * Already expired credentials sit at "now"; later ones are listed under the chart. The SVG is an image with a
 * text summary; the table on the page carries the same data for assistive technology.
 */
import { useId } from 'react'
import { daysUntil, formatDate } from '../format.ts'

export interface TimelineItem {
  id: string
  name: string
  kind: 'licence' | 'privileges'
  expiresAt: string
}

const WIDTH = 760
const LABEL_WIDTH = 170
const ROW_HEIGHT = 30
const TOP = 34
const BOTTOM = 28
const BANDS = [
  { days: 30, className: 'timeline-chart__band--30' },
  { days: 60, className: 'timeline-chart__band--60' },
  { days: 90, className: 'timeline-chart__band--90' },
]

export function ExpiryTimeline({ items, horizonDays = 365, now = new Date() }: { items: readonly TimelineItem[]; horizonDays?: number; now?: Date }) {
  const titleId = useId()
  const descId = useId()
  const within = items.filter((item) => daysUntil(item.expiresAt, now) <= horizonDays)
  const later = items.filter((item) => daysUntil(item.expiresAt, now) > horizonDays)
  const names = [...new Set(within.map((item) => item.name))]
  const plotWidth = WIDTH - LABEL_WIDTH - 16
  const x = (days: number) => LABEL_WIDTH + (Math.max(0, Math.min(days, horizonDays)) / horizonDays) * plotWidth
  const height = TOP + Math.max(names.length, 1) * ROW_HEIGHT + BOTTOM
  const ticks = monthTicks(now, horizonDays)
  if (names.length === 0) {
    return (
      <p className="muted">
        Nothing expires in the next {horizonDays} days.
        {later.length > 0 ? ` The next of ${later.length} monitored credential${later.length === 1 ? '' : 's'} expires ${formatDate(nextOf(later))}.` : ''}
      </p>
    )
  }

  const counts = [30, 60, 90].map((limit) => within.filter((item) => daysUntil(item.expiresAt, now) <= limit).length)
  const summary =
    within.length === 0
      ? `Nothing expires in the next ${horizonDays} days.`
      : `${within.length} credential${within.length === 1 ? '' : 's'} expire${within.length === 1 ? 's' : ''} in the next ${horizonDays} days: ${counts[0]} within 30 days, ${counts[1]} within 60, ${counts[2]} within 90.`

  return (
    <figure className="timeline-chart">
      <div className="chart-wrap">
        <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="timeline-chart__svg">
          <title id={titleId}>Upcoming expiries</title>
          <desc id={descId}>{summary}</desc>
          {BANDS.slice()
            .reverse()
            .map((band) => (
              <rect key={band.days} className={band.className} x={LABEL_WIDTH} y={TOP - 6} width={x(band.days) - LABEL_WIDTH} height={height - TOP - BOTTOM + 12} />
            ))}
          {BANDS.map((band) => (
            <text key={band.days} className="timeline-chart__band-label" x={x(band.days) - 4} y={TOP - 12} textAnchor="end">
              {band.days} d
            </text>
          ))}
          {ticks.map((tick) => (
            <g key={tick.label}>
              <line className="timeline-chart__grid" x1={x(tick.days)} x2={x(tick.days)} y1={TOP - 6} y2={height - BOTTOM + 6} />
              <text className="timeline-chart__tick" x={x(tick.days)} y={height - 8} textAnchor="middle">
                {tick.label}
              </text>
            </g>
          ))}
          <line className="timeline-chart__now" x1={x(0)} x2={x(0)} y1={TOP - 6} y2={height - BOTTOM + 6} />
          <text className="timeline-chart__tick" x={x(0)} y={height - 8} textAnchor="start">
            Today
          </text>
          {names.map((name, row) => {
            const y = TOP + row * ROW_HEIGHT + ROW_HEIGHT / 2
            return (
              <g key={name}>
                <text className="timeline-chart__name" x={LABEL_WIDTH - 10} y={y + 4} textAnchor="end">
                  {name.length > 22 ? `${name.slice(0, 21)}…` : name}
                </text>
                <line className="timeline-chart__row" x1={LABEL_WIDTH} x2={WIDTH - 16} y1={y} y2={y} />
                {within
                  .filter((item) => item.name === name)
                  .map((item) => {
                    const days = daysUntil(item.expiresAt, now)
                    const cx = x(days)
                    const tone = days < 0 ? 'expired' : days <= 30 ? 'urgent' : days <= 90 ? 'soon' : 'later'
                    const label = `${item.name}: ${item.kind === 'licence' ? 'licence' : 'privileges'} ${days < 0 ? 'expired' : 'expire'} ${formatDate(item.expiresAt)}`
                    return item.kind === 'licence' ? (
                      <circle key={item.id} className={`timeline-chart__mark timeline-chart__mark--${tone}`} cx={cx} cy={y} r={7}>
                        <title>{label}</title>
                      </circle>
                    ) : (
                      <rect key={item.id} className={`timeline-chart__mark timeline-chart__mark--${tone}`} x={cx - 6} y={y - 6} width={12} height={12} rx={2}>
                        <title>{label}</title>
                      </rect>
                    )
                  })}
              </g>
            )
          })}
        </svg>
      </div>
      <figcaption className="timeline-chart__caption">
        <span className="legend">
          <svg viewBox="0 0 14 14" aria-hidden="true" className="legend__mark">
            <circle cx="7" cy="7" r="6" />
          </svg>
          Licence
        </span>
        <span className="legend">
          <svg viewBox="0 0 14 14" aria-hidden="true" className="legend__mark">
            <rect x="1" y="1" width="12" height="12" rx="2" />
          </svg>
          Privileges
        </span>
        <span>{summary}</span>
        {later.length > 0 ? <span>{later.length} later than {horizonDays} days.</span> : null}
      </figcaption>
    </figure>
  )
}

function nextOf(items: readonly TimelineItem[]): string {
  return items.map((i) => i.expiresAt).sort()[0] ?? ''
}

function monthTicks(now: Date, horizonDays: number): Array<{ days: number; label: string }> {
  const ticks: Array<{ days: number; label: string }> = []
  const cursor = new Date(now.getFullYear(), now.getMonth() + 1, 1)
  while (true) {
    const days = (cursor.getTime() - now.getTime()) / 86_400_000
    if (days > horizonDays) break
    if (days > 20) ticks.push({ days, label: cursor.toLocaleDateString(undefined, { month: 'short' }) })
    cursor.setMonth(cursor.getMonth() + 1)
  }
  return ticks
}
