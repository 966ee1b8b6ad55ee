/** The privacy officer's review of break-glass uses: each emergency access with its stated reason, and a note that closes it. */
import { useState, type FormEvent } from 'react'
import { recordCategoryLabel } from '../credentials/labels.ts'
import { formatDateTime } from '../format.ts'
import { toApiError, type ApiError } from '../graphql/api-error.ts'
import { BREAK_GLASS_USES_QUERY, REVIEW_BREAK_GLASS_MUTATION } from '../graphql/audit-operations.ts'
import { gqlRequest } from '../graphql/client.ts'
import type { BreakGlassUse } from '../graphql/types.ts'
import { useQuery } from '../graphql/use-query.ts'
import { ErrorBanner } from './alert.tsx'
import { Button } from './button.tsx'
import { EmptyState } from './empty-state.tsx'
import { Loading } from './spinner.tsx'
import { TextareaField } from './textarea-field.tsx'

export function BreakGlassReviews() {
  const uses = useQuery(BREAK_GLASS_USES_QUERY, { pendingOnly: true }, { pollIntervalMs: 30_000 })
  return (
    <section className="section" aria-labelledby="break-glass-heading" aria-busy={uses.status === 'loading'}>
      <h2 id="break-glass-heading">Break-glass uses to review</h2>
      {uses.status === 'loading' ? <Loading label="Loading break-glass uses…" /> : null}
      {uses.status === 'error' ? <ErrorBanner error={uses.error} title="Break-glass uses could not be loaded" onRetry={uses.refetch} /> : null}
      {uses.status === 'success' && uses.data.breakGlassUses.length === 0 ? <EmptyState title="No emergency access is waiting for review." /> : null}
      {uses.status === 'success' && uses.data.breakGlassUses.length > 0 ? (
        <ul className="item-list">
          {uses.data.breakGlassUses.map((use) => (
            <ReviewItem key={use.id} use={use} onReviewed={(done) => uses.replace({ breakGlassUses: uses.data.breakGlassUses.filter((u) => u.id !== done.id) })} />
          ))}
        </ul>
      ) : null}
    </section>
  )
}

function ReviewItem({ use, onReviewed }: { use: BreakGlassUse; onReviewed: (use: BreakGlassUse) => void }) {
  const [note, setNote] = useState('')
  const [noteError, setNoteError] = useState<string | undefined>()
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (note.trim().length < 3) {
      setNoteError('Write what you checked and concluded (at least 3 characters).')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const { reviewBreakGlass } = await gqlRequest(REVIEW_BREAK_GLASS_MUTATION, { id: use.id, note: note.trim() })
      onReviewed(reviewBreakGlass)
    } catch (caught) {
      setError(toApiError(caught))
      setBusy(false)
    }
  }
  return (
    <li className="item-list__item card" aria-label={`Break-glass by ${use.clinicianName}`}>
      <p className="item-list__title">
        {use.clinicianName} opened emergency access on {formatDateTime(use.openedAt)}
      </p>
      <p>Reason given: {use.reason}</p>
      <p className="item-list__meta">
        Categories: {use.categories.map(recordCategoryLabel).join(', ')} · patient {use.patientId} · clinician <span className="identifier-inline">{use.clinicianDid}</span>
      </p>
      {error ? <ErrorBanner error={error} title="The review was not saved" /> : null}
      <form className="form" onSubmit={submit} noValidate aria-label={`Review the break-glass by ${use.clinicianName}`}>
        <TextareaField label="Review note" name="note" required rows={2} value={note} onChange={(event) => setNote(event.target.value)} error={noteError} maxLength={1000} />
        <div className="form-actions">
          <Button type="submit" variant="secondary" busy={busy}>
            Mark as reviewed
          </Button>
        </div>
      </form>
    </li>
  )
}
