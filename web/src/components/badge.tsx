/** A short status word in a coloured pill. The word carries the meaning; colour only reinforces it. */
import type { ReactNode } from 'react'

export type BadgeTone = 'success' | 'warning' | 'danger' | 'info' | 'neutral'

export function Badge({ tone = 'neutral', children, label }: { tone?: BadgeTone; children: ReactNode; label?: string }) {
  return (
    <span className={`badge badge--${tone}`} {...(label ? { 'aria-label': label } : {})}>
      {children}
    </span>
  )
}
