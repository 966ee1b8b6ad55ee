/** Copies a value (a DID, an address) to the clipboard and says so; hidden where the clipboard is unavailable. */
import { useEffect, useState } from 'react'

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')

  useEffect(() => {
    if (state === 'idle') return
    const timer = window.setTimeout(() => setState('idle'), 2500)
    return () => window.clearTimeout(timer)
  }, [state])

  if (typeof navigator === 'undefined' || !navigator.clipboard) return null

  const copy = () => {
    navigator.clipboard.writeText(value).then(
      () => setState('copied'),
      () => setState('failed'),
    )
  }

  return (
    <span className="copy">
      <button type="button" className="copy__button" onClick={copy} aria-label={`Copy ${label}`}>
        Copy
      </button>
      <span className="copy__status" role="status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : ''}
      </span>
    </span>
  )
}
