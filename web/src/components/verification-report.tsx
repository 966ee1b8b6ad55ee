/**
 * A verification report for people: the verdict, then every check of the presentation and of each credential
 * with what it means (verification/check-codes.ts), and each credential's fields. The server's technical
 * message is available under "Technical detail", never as the main text.
 */
import type { VerificationCheck, VerificationReport, VerifiedCredential } from '../graphql/types.ts'
import { claimLabel, claimText, credentialTypeLabel, mainType, parseClaims } from '../credentials/labels.ts'
import { formatDate } from '../format.ts'
import { describeCheck, explainFailure } from '../verification/check-codes.ts'
import { Alert } from './alert.tsx'
import { Badge } from './badge.tsx'

export function VerificationReportView({ report, subjectName, headingLevel = 2 }: { report: VerificationReport; subjectName?: string; headingLevel?: 2 | 3 }) {
  const presentationChecks = report.checks.filter((c) => !c.credentialId)
  // Top-level checks repeat each credential's checks (with its credentialId): count every check once.
  const failed = [...presentationChecks, ...report.credentials.flatMap((c) => c.checks)].filter((c) => !c.passed)
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  const SubHeading = headingLevel === 2 ? 'h3' : 'h4'
  const who = subjectName ?? 'The credentials'
  return (
    <div className="report">
      {report.verified ? (
        <Alert tone="success" title="Every check passed">
          <p>{who === 'The credentials' ? 'The credentials' : `${who}’s credentials`} are authentic, current and meet the requirements.</p>
        </Alert>
      ) : (
        <Alert tone="error" title="Verification failed">
          <p>
            {failed.length === 1 ? 'One check did not pass' : `${failed.length} checks did not pass`}. Do not rely on these credentials. The reasons
            are explained below.
          </p>
        </Alert>
      )}

      {presentationChecks.length > 0 ? (
        <section className="report__section" aria-label="Presentation checks">
          <Heading className="report__heading">The presentation</Heading>
          <CheckList checks={presentationChecks} scope="presentation" />
        </section>
      ) : null}

      {report.credentials.map((credential, index) => (
        <CredentialSection key={credential.id ?? index} credential={credential} Heading={Heading} SubHeading={SubHeading} />
      ))}
      {report.credentials.length === 0 ? <p className="muted">No credential could be read from the presentation.</p> : null}
    </div>
  )
}

function CredentialSection({ credential, Heading, SubHeading }: { credential: VerifiedCredential; Heading: 'h2' | 'h3'; SubHeading: 'h3' | 'h4' }) {
  const claims = parseClaims(credential.claims).filter(([key]) => key !== 'id')
  const title = credentialTypeLabel(mainType(credential.types))
  return (
    <section className="report__section report__credential" aria-label={title}>
      <div className="report__credential-header">
        <Heading className="report__heading">{title}</Heading>
        <Badge tone={credential.verified ? 'success' : 'danger'}>{credential.verified ? 'Verified' : 'Not verified'}</Badge>
      </div>
      <dl className="facts facts--compact">
        {claims.map(([key, value]) => (
          <div className="facts__row" key={key}>
            <dt>{claimLabel(key)}</dt>
            <dd>{claimText(key, value)}</dd>
          </div>
        ))}
        <div className="facts__row">
          <dt>Validity</dt>
          <dd>
            {formatDate(credential.issuanceDate)} – {formatDate(credential.expirationDate)}
          </dd>
        </div>
        {credential.issuer ? (
          <div className="facts__row">
            <dt>Issued by</dt>
            <dd>
              <code className="identifier">{credential.issuer}</code>
            </dd>
          </div>
        ) : null}
      </dl>
      <SubHeading className="report__subheading">Checks</SubHeading>
      <CheckList checks={credential.checks} />
    </section>
  )
}

export function CheckList({ checks, scope = 'credential' }: { checks: readonly VerificationCheck[]; scope?: 'credential' | 'presentation' }) {
  if (checks.length === 0) return <p className="muted">No checks were run.</p>
  return (
    <ul className="checks">
      {checks.map((check, index) => {
        const description = describeCheck(check.check, scope)
        return (
          <li key={`${check.check}-${index}`} className={check.passed ? 'check check--passed' : 'check check--failed'} data-check={check.check} data-code={check.code ?? undefined}>
            <CheckIcon passed={check.passed} />
            <div className="check__body">
              <p className="check__title">
                <span className="visually-hidden">{check.passed ? 'Passed: ' : 'Failed: '}</span>
                {description.title}
              </p>
              <p className="check__text">{check.passed ? description.passed : explainFailure(check.code)}</p>
              {!check.passed && check.message ? (
                <details className="check__details">
                  <summary>Technical detail</summary>
                  <p>
                    {check.code ? <code>{check.code}</code> : null} {check.message}
                  </p>
                </details>
              ) : null}
            </div>
          </li>
        )
      })}
    </ul>
  )
}

function CheckIcon({ passed }: { passed: boolean }) {
  return (
    <svg className="check__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <circle cx="10" cy="10" r="9" fill="currentColor" />
      {passed ? (
        <path d="M6 10.4l2.6 2.6L14 7.6" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
      ) : (
        <path d="M7 7l6 6M13 7l-6 6" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
      )}
    </svg>
  )
}
