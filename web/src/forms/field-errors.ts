/**
 * Field errors for forms: the server's (errors[].extensions.details.fields, e.g. { field: "claims.npi",
 * message: "must be a valid 10-digit NPI …" }) turned into sentences beside the form's own fields, and the
 * ones that match no field kept for the form-level message.
 */
import type { ApiError } from '../graphql/api-error.ts'

export type FieldErrors<F extends string> = Partial<Record<F, string>>

export interface ServerFieldErrors<F extends string> {
  fields: FieldErrors<F>
  /** Messages for fields this form does not show, as sentences. */
  other: string[]
}

/**
 * `fieldFor` maps a server field path to a form field (or undefined). Messages read "<Label> <message>.".
 */
export function serverFieldErrors<F extends string>(
  error: ApiError,
  labels: Record<F, string>,
  fieldFor: (serverField: string) => F | undefined = (field) => (field in labels ? (field as F) : undefined),
): ServerFieldErrors<F> {
  const fields: FieldErrors<F> = {}
  const other: string[] = []
  for (const issue of error.fields ?? []) {
    const field = fieldFor(issue.field)
    if (field) {
      if (!fields[field]) fields[field] = sentence(`${labels[field]} ${issue.message}`)
    } else {
      other.push(sentence(issue.message))
    }
  }
  return { fields, other }
}

/** The first field (in form order) that has an error. */
export function firstInvalid<F extends string>(order: readonly F[], errors: FieldErrors<F>): F | undefined {
  return order.find((field) => errors[field])
}

export function hasErrors<F extends string>(errors: FieldErrors<F>): boolean {
  return Object.values(errors).some(Boolean)
}

function sentence(text: string): string {
  const trimmed = text.trim()
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`
}
