/**
 * A group of checkboxes in a fieldset whose legend names the group; the error (e.g. "choose at least one")
 * belongs to the group. `ref` reaches the first checkbox, so a form can move focus to the group.
 */
import { useId, type Ref } from 'react'

export interface CheckboxOption {
  value: string
  label: string
  hint?: string
}

export interface CheckboxGroupProps {
  legend: string
  name: string
  options: readonly CheckboxOption[]
  value: readonly string[]
  onChange: (value: string[]) => void
  hint?: string
  error?: string | undefined
  ref?: Ref<HTMLInputElement>
  columns?: boolean
}

export function CheckboxGroup({ legend, name, options, value, onChange, hint, error, ref, columns = false }: CheckboxGroupProps) {
  const id = useId()
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  const toggle = (option: string, checked: boolean) => {
    const next = checked ? [...value, option] : value.filter((v) => v !== option)
    onChange(options.map((o) => o.value).filter((v) => next.includes(v)))
  }
  return (
    <fieldset className={['field', 'fieldset', error ? 'field--invalid' : ''].filter(Boolean).join(' ')} aria-describedby={describedBy}>
      <legend className="field__label">{legend}</legend>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <div className={columns ? 'choices choices--columns' : 'choices'}>
        {options.map((option, index) => (
          <label key={option.value} className="choice">
            <input
              ref={index === 0 ? ref : undefined}
              type="checkbox"
              name={name}
              value={option.value}
              checked={value.includes(option.value)}
              onChange={(event) => toggle(option.value, event.target.checked)}
              aria-invalid={error ? true : undefined}
            />
            <span>
              {option.label}
              {option.hint ? <span className="choice__hint">{option.hint}</span> : null}
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="field__error" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}
