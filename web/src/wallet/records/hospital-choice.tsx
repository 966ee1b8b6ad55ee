/**
 * Which hospital to sign in to. A hospital is known from its wallet link (/wallet?hospital=<id>) or from an
 * earlier sign-in; with none known, the person types the hospital code from that link.
 */
import { useState } from 'react'
import { TextField } from '../../components/text-field.tsx'
import type { KnownHospital } from '../vault.ts'

export interface HospitalChoiceProps {
  hospitals: readonly KnownHospital[]
  /** DID → name, from the credentials the hospital issued. */
  names: ReadonlyMap<string, string>
  /** DIDs that fit (e.g. the issuers of the privilege credentials); others are not offered when they are known. */
  preferDids: readonly string[]
  onChange: (hospitalId: string) => void
  value: string
  error?: string | undefined
}

export function HospitalChoice({ hospitals, names, preferDids, value, onChange, error }: HospitalChoiceProps) {
  const candidates = hospitals.filter((h) => !h.did || preferDids.includes(h.did))
  const [typing, setTyping] = useState(candidates.length === 0)
  if (!typing && candidates.length > 0) {
    return (
      <fieldset className="fieldset">
        <legend className="field__label">Hospital</legend>
        <div className="choices">
          {candidates.map((h) => (
            <label key={h.id} className="choice">
              <input type="radio" name="hospital" value={h.id} checked={value === h.id} onChange={() => onChange(h.id)} />
              <span>
                {(h.did && names.get(h.did)) ?? 'The hospital from your link'}
                <span className="choice__hint">Code {h.id}</span>
              </span>
            </label>
          ))}
        </div>
        <button type="button" className="link-button" onClick={() => setTyping(true)}>
          Use another hospital code
        </button>
      </fieldset>
    )
  }
  return (
    <TextField
      label="Hospital code"
      name="hospitalCode"
      hint="In the wallet link your hospital gave you (…/wallet?hospital=<code>)."
      required
      spellCheck={false}
      autoCapitalize="none"
      value={value}
      onChange={(event) => onChange(event.target.value.trim())}
      error={error}
    />
  )
}
