/** A labelled <select> with optional hint and error text (see FieldFrame). */
import type { Ref, SelectHTMLAttributes } from 'react'
import { FieldFrame } from './field-frame.tsx'

export interface SelectOption {
  value: string
  label: string
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string
  name: string
  options: readonly SelectOption[]
  hint?: string
  error?: string | undefined
  /** Mark the field "(optional)" when not required (off for search boxes and filters). */
  showOptional?: boolean
  /** A first, empty choice ("Choose…"); the field then starts unselected. */
  placeholder?: string
  ref?: Ref<HTMLSelectElement>
}

export function SelectField({ label, name, options, hint, error, placeholder, ref, className, required, showOptional = true, ...rest }: SelectFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} required={required} showOptional={showOptional} className={className}>
      {(control) => (
        <select ref={ref} {...control} name={name} className="field__input field__select" {...rest}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  )
}
