/** Records grouped by category (each summarised from its FHIR resource), and the categories withheld, with why. */
import { recordCategoryLabel } from '../../credentials/labels.ts'
import type { ClinicalRecord } from '../../graphql/types.ts'
import { explainFailure } from '../../verification/check-codes.ts'
import { summarizeRecord } from './fhir-summary.ts'

const DENIAL_TEXT: Record<string, string> = {
  FORBIDDEN: 'Your staff privileges do not cover this category.',
  RECORDS_ERASED: 'The patient’s records were erased at their request.',
}

export function RecordsList({ records, denied = [] }: { records: readonly ClinicalRecord[]; denied?: ReadonlyArray<{ category: string; code: string }> }) {
  const categories = [...new Set(records.map((r) => r.category))]
  return (
    <div className="records">
      {categories.length === 0 && denied.length === 0 ? <p className="muted">No records.</p> : null}
      {categories.map((category) => (
        <section key={category} className="records__category" aria-label={recordCategoryLabel(category)}>
          <h4 className="records__heading">{recordCategoryLabel(category)}</h4>
          <ul className="records__list">
            {records
              .filter((r) => r.category === category)
              .map((record) => {
                const summary = summarizeRecord(record.resource)
                return (
                  <li key={record.id} className="records__item">
                    <p className="records__title">{summary.title}</p>
                    {summary.lines.map((line) => (
                      <p key={line} className="records__line">
                        {line}
                      </p>
                    ))}
                  </li>
                )
              })}
          </ul>
        </section>
      ))}
      {denied.length > 0 ? (
        <section className="records__denied" aria-label="Withheld">
          <h4 className="records__heading">Withheld</h4>
          <ul className="records__list">
            {denied.map((d) => (
              <li key={d.category} className="records__item">
                <p className="records__title">{recordCategoryLabel(d.category)}</p>
                <p className="records__line">{DENIAL_TEXT[d.code] ?? explainFailure(d.code)}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
