/**
 * The frame every form control shares: a visible label, optional hint and error text, all tied to the control
 * with aria-describedby; an error also sets aria-invalid. TextField, TextareaField and SelectField render their
 * control inside it with the attributes it hands them.
 */
import { useId, type ReactNode } from 'react'

export interface FieldFrameProps {
  label: string
  hint?: string | undefined
  error?: string | undefined
  required?: boolean | undefined
  /** Mark the field "(optional)" when not required (off for search boxes and filters). */
  showOptional: boolean
  className?: string | undefined
  children: (control: ControlAttributes) => ReactNode
}

export interface ControlAttributes {
  id: string
  'aria-invalid': true | undefined
  'aria-describedby': string | undefined
  'aria-required': true | undefined
}

export function FieldFrame({ label, hint, error, required, showOptional, className, children }: FieldFrameProps) {
  const id = useId()
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        {label}
        {required || !showOptional ? null : <span className="field__optional"> (optional)</span>}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'aria-required': required || undefined })}
      {error ? (
        <p className="field__error" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
    </div>
  )
}
