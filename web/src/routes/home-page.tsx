/**
 * Home: who is signed in, their organisation and its DID, the areas their roles open (only areas that exist),
 * and the platform this dashboard runs on (chain, DID method prefix, registry contract, platform DID).
 */
import { ErrorBanner } from '../components/alert.tsx'
import { CopyButton } from '../components/copy-button.tsx'
import { NavCard } from '../components/nav-card.tsx'
import { Loading } from '../components/spinner.tsx'
import { PLATFORM_QUERY } from '../graphql/operations.ts'
import { useQuery } from '../graphql/use-query.ts'
import { areasFor } from '../navigation.ts'
import { organizationKindLabel, roleLabel } from '../session/labels.ts'
import { useStaffAccount } from '../session/session-context.tsx'

export function HomePage() {
  const account = useStaffAccount()
  const organization = account.organization
  const cards = areasFor(account.roles).filter((area) => area.card)

  return (
    <div className="page-width page">
      <header className="page-header">
        <p className="eyebrow">{organization.name}</p>
        <h1>Welcome, {account.name}</h1>
        <p className="lead">Signed in as {account.email}.</p>
      </header>

      <div className="grid grid--two">
        <section className="card" aria-labelledby="account-heading">
          <h2 id="account-heading" className="card__title">
            Your account
          </h2>
          <dl className="facts">
            <div className="facts__row">
              <dt>Name</dt>
              <dd>{account.name}</dd>
            </div>
            <div className="facts__row">
              <dt>Email</dt>
              <dd>{account.email}</dd>
            </div>
            <div className="facts__row">
              <dt>{account.roles.length === 1 ? 'Role' : 'Roles'}</dt>
              <dd>
                <ul className="tags" aria-label="Roles">
                  {account.roles.map((role) => (
                    <li key={role} className="tag">
                      {roleLabel(role)}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          </dl>
        </section>

        <section className="card" aria-labelledby="organization-heading">
          <h2 id="organization-heading" className="card__title">
            Your organisation
          </h2>
          <dl className="facts">
            <div className="facts__row">
              <dt>Name</dt>
              <dd>{organization.name}</dd>
            </div>
            <div className="facts__row">
              <dt>Type</dt>
              <dd>{organizationKindLabel(organization.kind)}</dd>
            </div>
            {organization.jurisdiction ? (
              <div className="facts__row">
                <dt>Jurisdiction</dt>
                <dd>{organization.jurisdiction}</dd>
              </div>
            ) : null}
            <div className="facts__row">
              <dt>DID</dt>
              <dd className="facts__value--with-action">
                <code className="identifier">{organization.did}</code>
                <CopyButton value={organization.did} label="organisation DID" />
              </dd>
            </div>
            {organization.kind === 'HOSPITAL' ? (
              <div className="facts__row">
                <dt>Wallet link</dt>
                <dd className="facts__value--with-action">
                  <code className="identifier" data-testid="hospital-wallet-link">
                    {hospitalWalletLink(organization.id)}
                  </code>
                  <CopyButton value={hospitalWalletLink(organization.id)} label="wallet link" />
                  <span className="muted small">Give it to your clinicians and patients: their wallet signs in to your records with it.</span>
                </dd>
              </div>
            ) : null}
          </dl>
        </section>
      </div>

      {cards.length > 0 ? (
        <section className="section" aria-labelledby="areas-heading">
          <h2 id="areas-heading">Your work</h2>
          <ul className="grid grid--cards">
            {cards.map((area) => (
              <li key={area.path}>
                <NavCard to={area.path} title={area.label} description={area.description} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <PlatformSection />
    </div>
  )
}

/** The link a hospital gives its clinicians and patients so their wallet knows where to sign in to records. */
export function hospitalWalletLink(hospitalId: string): string {
  return `${window.location.origin}/wallet?hospital=${encodeURIComponent(hospitalId)}`
}

function PlatformSection() {
  const platform = useQuery(PLATFORM_QUERY, {})
  return (
    <section className="card section" aria-labelledby="platform-heading" aria-busy={platform.status === 'loading'}>
      <h2 id="platform-heading" className="card__title">
        Platform
      </h2>
      <p className="card__subtitle">The chain and registry every DID on this platform resolves against.</p>
      {platform.status === 'loading' ? <Loading label="Loading platform details…" /> : null}
      {platform.status === 'error' ? (
        <ErrorBanner error={platform.error} title="Platform details are unavailable" onRetry={platform.refetch} />
      ) : null}
      {platform.status === 'success' ? (
        <dl className="facts">
          <div className="facts__row">
            <dt>Chain ID</dt>
            <dd>{platform.data.platform.chainId}</dd>
          </div>
          <div className="facts__row">
            <dt>DID prefix</dt>
            <dd>
              <code className="identifier">{platform.data.platform.didPrefix}</code>
            </dd>
          </div>
          <div className="facts__row">
            <dt>DID registry</dt>
            <dd className="facts__value--with-action">
              <code className="identifier">{platform.data.platform.registry}</code>
              <CopyButton value={platform.data.platform.registry} label="registry address" />
            </dd>
          </div>
          <div className="facts__row">
            <dt>Platform DID</dt>
            <dd className="facts__value--with-action">
              <code className="identifier">{platform.data.platform.platformDid}</code>
              <CopyButton value={platform.data.platform.platformDid} label="platform DID" />
            </dd>
          </div>
        </dl>
      ) : null}
    </section>
  )
}
