/** A labelled progress bar (role="progressbar" with its value), e.g. the rows of an import done so far. */
export function ProgressBar({ label, value, max, valueText }: { label: string; value: number; max: number; valueText?: string }) {
  const safeMax = Math.max(max, 1)
  const percent = Math.min(100, Math.round((Math.min(value, safeMax) / safeMax) * 100))
  return (
    <div className="progress">
      <div className="progress__label">
        <span>{label}</span>
        <span className="progress__value">{valueText ?? `${percent}%`}</span>
      </div>
      <div
        className="progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={safeMax}
        aria-valuenow={Math.min(value, safeMax)}
        aria-valuetext={valueText ?? `${percent}%`}
      >
        <div className="progress__fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  )
}
