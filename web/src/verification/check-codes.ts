/**
 * Verification results in words a recruiter (or a clinician) understands: what each check looks at, what it
 * means when it passes, and one explanation per failure code (DESIGN.md "Verification contract"). The server's
 * own message is technical and is never the main text; codes not listed here get a safe general sentence.
 */

export interface CheckDescription {
  /** Short name of the check, e.g. "Issuer accreditation". */
  title: string
  /** What a pass means, in one sentence. */
  passed: string
}

const CHECKS: Record<string, CheckDescription> = {
  'well-formed': {
    title: 'Readable credential',
    passed: 'The document is a complete, correctly formatted credential.',
  },
  signature: {
    title: 'Signature',
    passed: 'It was signed by the issuer’s current key, and nothing has been changed since.',
  },
  'validity-dates': {
    title: 'Dates',
    passed: 'It is within its validity period: already in force and not expired.',
  },
  status: {
    title: 'Not revoked or suspended',
    passed: 'The issuer’s published status list shows it as active.',
  },
  'issuer-trust': {
    title: 'Issuer accreditation',
    passed: 'The issuer is accredited by a recognised trust anchor to issue this kind of credential here.',
  },
  'holder-binding': {
    title: 'Belongs to the person presenting',
    passed: 'The person who presented it is the person it was issued to.',
  },
  challenge: {
    title: 'Fresh and meant for us',
    passed: 'It answers our own one-time request, in time, and was addressed to this hospital.',
  },
  policy: {
    title: 'Meets our requirements',
    passed: 'It contains everything our hiring policy asks for.',
  },
}

export const FAILURE_EXPLANATIONS: Record<string, string> = {
  MALFORMED: 'The document is damaged or incomplete, so it cannot be read as a credential.',
  UNSUPPORTED_ALGORITHM: 'It was signed in a way we do not accept as secure.',
  SIGNATURE_INVALID: 'The signature does not match: it was not signed by the issuer, or it was altered after signing.',
  DID_UNRESOLVABLE: 'We could not look up the signer’s identity on the registry, so the signature cannot be confirmed.',
  KEY_NOT_AUTHORIZED: 'It was signed with a key the issuer no longer uses or never authorised (for example a replaced or compromised key).',
  NOT_YET_VALID: 'It is not in force yet: its start date is in the future.',
  EXPIRED: 'It has expired.',
  REVOKED: 'The issuer has revoked it. It is permanently invalid.',
  SUSPENDED: 'The issuer has suspended it. It is not valid while the suspension lasts.',
  STATUS_UNAVAILABLE: 'We could not check with the issuer whether it was revoked or suspended, so we cannot rely on it right now.',
  ISSUER_UNTRUSTED: 'The issuer is not accredited to issue this kind of credential for this jurisdiction.',
  HOLDER_MISMATCH: 'It was issued to someone else than the person who presented it.',
  CHALLENGE_MISMATCH: 'It answers a different request than ours, so it may be a copy of an earlier presentation.',
  CHALLENGE_EXPIRED: 'Our request had expired when it was answered. Send the candidate a new request.',
  CHALLENGE_REPLAYED: 'This request was already answered once; a second answer is refused to stop replays.',
  DOMAIN_MISMATCH: 'It was made for a different organisation or website, not for us.',
  POLICY_UNSATISFIED: 'It does not include everything we ask for (for example an active licence in our jurisdiction).',
  CONSENT_MISSING: 'The patient has not given consent that covers this.',
  CONSENT_EXPIRED: 'The patient’s consent has expired.',
  CONSENT_REVOKED: 'The patient has withdrawn their consent.',
}

const UNKNOWN_FAILURE = 'This check did not pass. The credential cannot be relied on.'

/** The same checks applied to the presentation itself (the envelope the person signed), not to a credential. */
const PRESENTATION_CHECKS: Record<string, CheckDescription> = {
  'well-formed': { title: 'Readable presentation', passed: 'The presentation is complete and correctly formatted.' },
  signature: { title: 'Signed by the person presenting', passed: 'The person presenting signed it with their own key.' },
  'validity-dates': { title: 'Made just now', passed: 'The presentation was made recently and has not expired.' },
}

/** `scope`: whether the check is about a credential or about the presentation that carries them. */
export function describeCheck(check: string, scope: 'credential' | 'presentation' = 'credential'): CheckDescription {
  return (
    (scope === 'presentation' ? PRESENTATION_CHECKS[check] : undefined) ??
    CHECKS[check] ?? { title: check.charAt(0).toUpperCase() + check.slice(1).replace(/-/g, ' '), passed: 'This check passed.' }
  )
}

export function explainFailure(code: string | null | undefined): string {
  return (code && FAILURE_EXPLANATIONS[code]) || UNKNOWN_FAILURE
}
