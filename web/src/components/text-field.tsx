/**
 * A labelled input with optional hint and error text (see FieldFrame). The label is always visible
 * (placeholders are not labels).
 */
import type { InputHTMLAttributes, Ref } from 'react'
import { FieldFrame } from './field-frame.tsx'

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string
  name: string
  hint?: string
  error?: string | undefined
  /** Mark the field "(optional)" when not required (off for search boxes and filters). */
  showOptional?: boolean
  ref?: Ref<HTMLInputElement>
}

export function TextField({ label, name, hint, error, ref, className, type = 'text', required, showOptional = true, ...rest }: TextFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} required={required} showOptional={showOptional} className={className}>
      {(control) => <input ref={ref} {...control} name={name} type={type} className="field__input" {...rest} />}
    </FieldFrame>
  )
}
