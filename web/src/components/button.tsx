/** The one button: primary for the main action of a view, secondary for the rest. `busy` disables it and shows a spinner. */
import type { ButtonHTMLAttributes } from 'react'
import { Spinner } from './spinner.tsx'

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'quiet'
  busy?: boolean
  fullWidth?: boolean
}

export function Button({ variant = 'primary', busy = false, fullWidth = false, disabled, className, children, type = 'button', ...rest }: ButtonProps) {
  const classes = ['button', `button--${variant}`, fullWidth ? 'button--full' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <button type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <Spinner size="small" /> : null}
      <span>{children}</span>
    </button>
  )
}
