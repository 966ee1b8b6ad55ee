/**
 * The clinician's and patient's wallet (no staff sign-in): the key stays in this browser. Set up or unlock,
 * pick up credentials issued to the DID, see each with its live status and checks, lock. Clinicians with staff
 * privileges sign in to patient records here; patients (holding a PatientIdentityCredential) manage consent.
 */
import { useEffect } from 'react'
import { Alert, ErrorBanner } from '../components/alert.tsx'
import { Button } from '../components/button.tsx'
import { CopyButton } from '../components/copy-button.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { HeldCredentialCard } from '../wallet/held-credential-card.tsx'
import { pickupMessage, usePickup } from '../wallet/use-pickup.ts'
import { useLiveStatus } from '../wallet/use-live-status.ts'
import { WalletGate } from '../wallet/wallet-gate.tsx'
import { lockWallet, rememberHospital, touchWallet, useWallet } from '../wallet/wallet-store.ts'
import { ClinicianRecords } from '../wallet/records/clinician-records.tsx'
import { PatientRecords } from '../wallet/records/patient-records.tsx'
import { useSearchParam } from '../router/router.tsx'

export function WalletPage() {
  return (
    <div className="page-width page wallet">
      <header className="page-header">
        <p className="eyebrow">For clinicians and patients</p>
        <h1>Your wallet</h1>
        <p className="lead">Your credentials, held by you. Only you can present them.</p>
      </header>
      <WalletGate>
        <UnlockedWallet />
      </WalletGate>
    </div>
  )
}

function UnlockedWallet() {
  const wallet = useWallet()
  const hospitalFromLink = useSearchParam('hospital')
  useActivityKeepsUnlocked()
  const { state: pickup, pickup: runPickup } = usePickup()
  const credentials = wallet.status === 'unlocked' ? wallet.credentials : []
  const { statuses, recheck } = useLiveStatus(credentials)

  // Newly opened wallets look for credentials at once.
  useEffect(() => {
    void runPickup()
  }, [runPickup])

  // A hospital's wallet link (/wallet?hospital=<id>) tells the wallet where it can sign in to records.
  useEffect(() => {
    if (hospitalFromLink) rememberHospital({ id: hospitalFromLink }).catch(() => undefined)
  }, [hospitalFromLink])

  if (wallet.status !== 'unlocked') return null
  const message = pickupMessage(pickup)
  const isPatient = credentials.some((c) => c.type === 'PatientIdentityCredential')
  const isClinician = credentials.some((c) => c.type === 'StaffPrivilegeCredential')

  return (
    <>
      <section className="card" aria-labelledby="identity-heading">
        <div className="section-header">
          <h2 id="identity-heading" className="card__title">
            Your identity
          </h2>
          <Button variant="secondary" onClick={lockWallet}>
            Lock wallet
          </Button>
        </div>
        <dl className="facts">
          <div className="facts__row">
            <dt>Your DID</dt>
            <dd className="facts__value--with-action">
              <code className="identifier" data-testid="wallet-did">
                {wallet.did}
              </code>
              <CopyButton value={wallet.did} label="your DID" />
            </dd>
          </div>
        </dl>
        <p className="muted small">Give this DID to your licensing board or hospital so they can issue credentials to you.</p>
      </section>

      <section className="section" aria-labelledby="credentials-heading">
        <div className="section-header">
          <h2 id="credentials-heading">Your credentials</h2>
          <div className="button-row">
            <Button busy={pickup.status === 'busy'} onClick={runPickup}>
              {pickup.status === 'busy' ? 'Checking…' : 'Check for new credentials'}
            </Button>
            {credentials.length > 0 ? (
              <Button variant="secondary" onClick={recheck}>
                Refresh status
              </Button>
            ) : null}
          </div>
        </div>
        {message ? (
          <Alert tone={pickup.status === 'done' && pickup.added > 0 ? 'success' : 'info'}>
            <p>{message}</p>
          </Alert>
        ) : null}
        {pickup.status === 'error' ? <ErrorBanner error={pickup.error} title="Your credentials could not be fetched" onRetry={runPickup} /> : null}
        {credentials.length === 0 ? (
          <EmptyState title="Your wallet has no credentials yet.">
            <p>When your licensing board or hospital issues a credential to your DID, choose “Check for new credentials”.</p>
          </EmptyState>
        ) : (
          <ul className="held-list">
            {credentials.map((credential) => (
              <li key={credential.id}>
                <HeldCredentialCard credential={credential} live={statuses[credential.id]} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {isClinician ? <ClinicianRecords credentials={credentials} hospitals={wallet.hospitals} /> : null}
      {isPatient ? <PatientRecords credentials={credentials} hospitals={wallet.hospitals} /> : null}
    </>
  )
}


function useActivityKeepsUnlocked(): void {
  useEffect(() => {
    const onActivity = () => touchWallet()
    window.addEventListener('pointerdown', onActivity)
    window.addEventListener('keydown', onActivity)
    return () => {
      window.removeEventListener('pointerdown', onActivity)
      window.removeEventListener('keydown', onActivity)
    }
  }, [])
}
