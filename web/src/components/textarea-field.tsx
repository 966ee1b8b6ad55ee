/** A labelled <textarea> with optional hint and error text (see FieldFrame). */
import type { Ref, TextareaHTMLAttributes } from 'react'
import { FieldFrame } from './field-frame.tsx'

export interface TextareaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string
  name: string
  hint?: string
  error?: string | undefined
  /** Mark the field "(optional)" when not required (off for search boxes and filters). */
  showOptional?: boolean
  ref?: Ref<HTMLTextAreaElement>
}

export function TextareaField({ label, name, hint, error, ref, className, required, showOptional = true, rows = 3, ...rest }: TextareaFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} required={required} showOptional={showOptional} className={className}>
      {(control) => <textarea ref={ref} {...control} name={name} rows={rows} className="field__input field__textarea" {...rest} />}
    </FieldFrame>
  )
}
