/**
 * Shows its children only once the wallet is unlocked. Before that: set up a wallet (a new key made here, or an
 * imported private key), or unlock the one stored in this browser with its passphrase.
 */
import { useRef, useState, type FormEvent, type ReactNode } from 'react'
import { Alert, ErrorBanner } from '../components/alert.tsx'
import { Button } from '../components/button.tsx'
import { ConfirmDialog } from '../components/confirm-dialog.tsx'
import { Loading } from '../components/spinner.tsx'
import { TextField } from '../components/text-field.tsx'
import { PLATFORM_QUERY } from '../graphql/operations.ts'
import { useQuery } from '../graphql/use-query.ts'
import { InvalidPrivateKeyError, normalizePrivateKey } from './keys.ts'
import { PBKDF2_ITERATIONS, WrongPassphraseError } from './vault.ts'
import { createWallet, removeWallet, unlockWallet, useWallet } from './wallet-store.ts'

export const MIN_PASSPHRASE = 10

export function WalletGate({ children, purpose }: { children: ReactNode; purpose?: string }) {
  const wallet = useWallet()
  if (wallet.status === 'loading') return <Loading label="Opening your wallet…" />
  if (wallet.status === 'unavailable') {
    return (
      <Alert tone="error" title="This browser cannot keep a wallet">
        <p>Your wallet is stored encrypted in this browser, but storage is not available here (for example in a private window). Use a normal window.</p>
      </Alert>
    )
  }
  if (wallet.status === 'empty') return <WalletSetup {...(purpose ? { purpose } : {})} />
  if (wallet.status === 'locked') return <WalletUnlock did={wallet.did} {...(purpose ? { purpose } : {})} />
  return <>{children}</>
}

type SetupMode = 'create' | 'import'

function WalletSetup({ purpose }: { purpose?: string }) {
  const platform = useQuery(PLATFORM_QUERY, {})
  const [mode, setMode] = useState<SetupMode>('create')
  const [privateKey, setPrivateKey] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [errors, setErrors] = useState<{ privateKey?: string; passphrase?: string; confirmation?: string }>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const keyRef = useRef<HTMLInputElement>(null)
  const passRef = useRef<HTMLInputElement>(null)
  const confirmRef = useRef<HTMLInputElement>(null)

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy || platform.status !== 'success') return
    const next: typeof errors = {}
    if (mode === 'import') {
      try {
        normalizePrivateKey(privateKey)
      } catch (error) {
        next.privateKey =
          error instanceof InvalidPrivateKeyError ? 'Enter the private key as 64 hexadecimal characters (0x at the start is optional).' : 'This key cannot be used.'
      }
    }
    if (passphrase.length < MIN_PASSPHRASE) next.passphrase = `Choose a passphrase of at least ${MIN_PASSPHRASE} characters. A few unrelated words work well.`
    else if (confirmation !== passphrase) next.confirmation = 'The two passphrases are different. Type the same passphrase twice.'
    setErrors(next)
    setFailure(null)
    if (next.privateKey) return keyRef.current?.focus()
    if (next.passphrase) return passRef.current?.focus()
    if (next.confirmation) return confirmRef.current?.focus()
    setBusy(true)
    try {
      await createWallet(passphrase, platform.data.platform.didPrefix, mode === 'import' ? privateKey : undefined)
    } catch {
      setFailure('The wallet could not be saved in this browser. Check that storage is allowed for this site and try again.')
      setBusy(false)
    }
  }

  return (
    <section className="card wallet-setup" aria-labelledby="setup-heading">
      <h2 id="setup-heading" className="card__title">
        Set up your wallet
      </h2>
      <p className="card__subtitle">
        {purpose ?? 'Your wallet holds your credentials and the key that proves they are yours.'} The key is made and kept in this browser, encrypted with
        your passphrase. It is never sent anywhere.
      </p>
      {platform.status === 'error' ? <ErrorBanner error={platform.error} title="CredGate could not be reached" onRetry={platform.refetch} /> : null}
      {failure ? (
        <Alert tone="error">
          <p>{failure}</p>
        </Alert>
      ) : null}
      <form className="form" onSubmit={handleSubmit} noValidate aria-label="Set up your wallet">
        <fieldset className="fieldset">
          <legend className="field__label">Your key</legend>
          <div className="choices">
            <label className="choice">
              <input type="radio" name="mode" value="create" checked={mode === 'create'} onChange={() => setMode('create')} />
              <span>
                Create a new key
                <span className="choice__hint">For a first wallet. Your DID is made from it.</span>
              </span>
            </label>
            <label className="choice">
              <input type="radio" name="mode" value="import" checked={mode === 'import'} onChange={() => setMode('import')} />
              <span>
                Import a private key
                <span className="choice__hint">If you already have a DID, e.g. from another device.</span>
              </span>
            </label>
          </div>
        </fieldset>
        {mode === 'import' ? (
          <TextField
            ref={keyRef}
            label="Private key (hex)"
            name="privateKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={privateKey}
            onChange={(event) => setPrivateKey(event.target.value)}
            error={errors.privateKey}
            hint="64 hexadecimal characters. It stays in this browser."
          />
        ) : null}
        <TextField
          ref={passRef}
          label="Passphrase"
          name="passphrase"
          type="password"
          autoComplete="new-password"
          required
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
          error={errors.passphrase}
          hint={`At least ${MIN_PASSPHRASE} characters. There is no way to recover it: if you forget it, the wallet cannot be opened.`}
        />
        <TextField
          ref={confirmRef}
          label="Passphrase again"
          name="confirmation"
          type="password"
          autoComplete="new-password"
          required
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          error={errors.confirmation}
        />
        <Button type="submit" busy={busy} disabled={platform.status !== 'success'}>
          {busy ? 'Encrypting your key…' : mode === 'create' ? 'Create my wallet' : 'Import my key'}
        </Button>
        <p className="muted small">
          Encryption: AES-256-GCM with a key derived from your passphrase (PBKDF2-SHA256, {PBKDF2_ITERATIONS.toLocaleString()} iterations).
        </p>
      </form>
    </section>
  )
}

function WalletUnlock({ did, purpose }: { did: string; purpose?: string }) {
  const [passphrase, setPassphrase] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [removing, setRemoving] = useState(false)
  const [confirmRemove, setConfirmRemove] = useState(false)
  const passRef = useRef<HTMLInputElement>(null)

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    if (!passphrase) {
      setError('Enter your passphrase.')
      passRef.current?.focus()
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      await unlockWallet(passphrase)
    } catch (caught) {
      setError(caught instanceof WrongPassphraseError ? 'This passphrase does not open the wallet. Check it and try again.' : 'The wallet could not be opened in this browser.')
      setPassphrase('')
      setBusy(false)
      passRef.current?.focus()
    }
  }

  return (
    <section className="card wallet-unlock" aria-labelledby="unlock-heading">
      <h2 id="unlock-heading" className="card__title">
        Unlock your wallet
      </h2>
      <p className="card__subtitle">{purpose ?? 'Your wallet is locked.'}</p>
      <dl className="facts facts--compact">
        <div className="facts__row">
          <dt>Your DID</dt>
          <dd>
            <code className="identifier">{did}</code>
          </dd>
        </div>
      </dl>
      <form className="form" onSubmit={handleSubmit} noValidate aria-label="Unlock your wallet">
        <TextField
          ref={passRef}
          label="Passphrase"
          name="passphrase"
          type="password"
          autoComplete="current-password"
          required
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
          error={error}
        />
        <Button type="submit" busy={busy}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </Button>
      </form>
      <Button variant="quiet" className="wallet-unlock__remove" onClick={() => setConfirmRemove(true)}>
        Remove this wallet from this browser
      </Button>
      <ConfirmDialog
        open={confirmRemove}
        title="Remove this wallet?"
        confirmLabel="Remove wallet"
        tone="danger"
        busy={removing}
        onCancel={() => setConfirmRemove(false)}
        onConfirm={async () => {
          setRemoving(true)
          await removeWallet().catch(() => undefined)
          setRemoving(false)
          setConfirmRemove(false)
        }}
      >
        <p>The key and the credentials stored in this browser are deleted. Unless you have the private key elsewhere, this DID is lost for good.</p>
      </ConfirmDialog>
    </section>
  )
}
