/** Spinner (decorative) and Loading (a spinner with a status message screen readers announce). */

export function Spinner({ size = 'medium' }: { size?: 'small' | 'medium' | 'large' }) {
  return (
    <svg className={`spinner spinner--${size}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle className="spinner__track" cx="12" cy="12" r="9" fill="none" strokeWidth="3" />
      <path className="spinner__arc" d="M21 12a9 9 0 0 0-9-9" fill="none" strokeWidth="3" strokeLinecap="round" />
    </svg>
  )
}

export function Loading({ label = 'Loading…', fullPage = false }: { label?: string; fullPage?: boolean }) {
  return (
    <div className={fullPage ? 'loading loading--page' : 'loading'} role="status" aria-live="polite">
      <Spinner size={fullPage ? 'large' : 'medium'} />
      <span>{label}</span>
    </div>
  )
}
