/**
 * A modal confirmation on the native <dialog> (focus moves into it and stays there, Escape cancels, focus
 * returns to the button that opened it). The body can hold fields (e.g. a reason); the confirm button submits.
 */
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react'
import { Button } from './button.tsx'

export interface ConfirmDialogProps {
  open: boolean
  title: string
  children?: ReactNode
  confirmLabel: string
  /** `danger` for what cannot be undone (e.g. revocation). */
  tone?: 'default' | 'danger'
  busy?: boolean
  onConfirm: () => void
  onCancel: () => void
}

export function ConfirmDialog({ open, title, children, confirmLabel, tone = 'default', busy = false, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!busy) onConfirm()
  }

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        if (!busy) onCancel()
      }}
    >
      <form className="dialog__form" onSubmit={handleSubmit} noValidate>
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <div className="dialog__body">{children}</div>
        <div className="dialog__actions">
          <Button variant="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" busy={busy} className={tone === 'danger' ? 'button--danger' : undefined}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </dialog>
  )
}
