/**
 * The wallet in this tab: locked or unlocked, held in memory outside React so it survives moving between the
 * wallet's pages (a full reload locks it again). Unlocked, it keeps the open vault (key material) in this
 * module only; components get the DID and the credentials. It locks itself after 15 minutes without activity.
 */
import { useEffect, useSyncExternalStore } from 'react'
import type { HolderCredential } from '../graphql/types.ts'
import { didOf, generatePrivateKey, normalizePrivateKey } from './keys.ts'
import type { HolderKey } from './signing.ts'
import {
  createVault,
  deleteStoredWallet,
  readStoredWallet,
  StorageUnavailableError,
  unlockVault,
  type HeldCredential,
  type KnownHospital,
  type OpenVault,
  type VaultContents,
} from './vault.ts'

export type WalletState =
  | { status: 'loading' }
  | { status: 'unavailable' }
  | { status: 'empty' }
  | { status: 'locked'; did: string }
  | { status: 'unlocked'; did: string; credentials: readonly HeldCredential[]; hospitals: readonly KnownHospital[] }

const IDLE_LOCK_MS = 15 * 60 * 1000

let state: WalletState = { status: 'loading' }
let vault: OpenVault | undefined
let contents: VaultContents | undefined
let initStarted = false
let idleTimer: number | undefined
const listeners = new Set<() => void>()

function setState(next: WalletState): void {
  state = next
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

async function init(): Promise<void> {
  try {
    const record = await readStoredWallet()
    setState(record ? { status: 'locked', did: record.did } : { status: 'empty' })
  } catch {
    setState({ status: 'unavailable' })
  }
}

/** The wallet's state; the first caller reads the stored wallet. */
export function useWallet(): WalletState {
  const current = useSyncExternalStore(subscribe, () => state)
  useEffect(() => {
    if (!initStarted) {
      initStarted = true
      void init()
    }
  }, [])
  return current
}

function adopt(open: OpenVault): void {
  vault = open
  contents = open.contents
  publish()
  touchWallet()
}

function publish(): void {
  if (!vault || !contents) return
  setState({ status: 'unlocked', did: vault.did, credentials: contents.credentials, hospitals: contents.hospitals })
}

/** Creates a wallet with a new key (or the given one), encrypted under the passphrase; replaces any stored wallet. */
export async function createWallet(passphrase: string, didPrefix: string, privateKey?: string): Promise<string> {
  const key = privateKey ? normalizePrivateKey(privateKey) : generatePrivateKey()
  const did = didOf(key, didPrefix)
  adopt(await createVault(did, passphrase, { privateKey: key, credentials: [], hospitals: [] }))
  return did
}

/** Opens the stored wallet; throws WrongPassphraseError for a wrong passphrase. */
export async function unlockWallet(passphrase: string): Promise<void> {
  const record = await readStoredWallet()
  if (!record) {
    setState({ status: 'empty' })
    throw new StorageUnavailableError()
  }
  adopt(await unlockVault(record, passphrase))
}

export function lockWallet(): void {
  if (!vault) return
  const did = vault.did
  vault = undefined
  contents = undefined
  if (idleTimer !== undefined) window.clearTimeout(idleTimer)
  setState({ status: 'locked', did })
}

export async function removeWallet(): Promise<void> {
  await deleteStoredWallet()
  vault = undefined
  contents = undefined
  setState({ status: 'empty' })
}

/** Restarts the idle timer (call on the person's activity while unlocked). */
export function touchWallet(): void {
  if (!vault) return
  if (idleTimer !== undefined) window.clearTimeout(idleTimer)
  idleTimer = window.setTimeout(lockWallet, IDLE_LOCK_MS)
}

/** The key for signing, only while unlocked. */
export function holderKey(): HolderKey {
  if (!vault || !contents) throw new Error('The wallet is locked')
  return { did: vault.did, privateKey: contents.privateKey }
}

async function save(next: VaultContents): Promise<void> {
  if (!vault) throw new Error('The wallet is locked')
  await vault.save(next)
  contents = next
  publish()
}

/** Keeps the credentials fetched from the issuer: new ones are added, known ones get their current status. */
export async function storeCredentials(incoming: readonly HolderCredential[]): Promise<{ added: number }> {
  if (!contents) throw new Error('The wallet is locked')
  const now = new Date().toISOString()
  const byId = new Map(contents.credentials.map((c) => [c.id, c]))
  let added = 0
  for (const credential of incoming) {
    const known = byId.get(credential.id)
    if (!known) added++
    byId.set(credential.id, { ...credential, receivedAt: known?.receivedAt ?? now })
  }
  const credentials = [...byId.values()].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))
  await save({ ...contents, credentials })
  return { added }
}

export async function removeCredential(id: string): Promise<void> {
  if (!contents) throw new Error('The wallet is locked')
  await save({ ...contents, credentials: contents.credentials.filter((c) => c.id !== id) })
}


/** Remembers a hospital (from its wallet link, or its DID once a sign-in told us). Unchanged entries are not re-saved. */
export async function rememberHospital(hospital: { id: string; did?: string | null }): Promise<void> {
  if (!contents) throw new Error('The wallet is locked')
  const id = hospital.id.trim()
  if (!id) return
  const known = contents.hospitals.find((h) => h.id === id)
  const did = hospital.did ?? known?.did ?? null
  if (known && known.did === did) return
  await save({ ...contents, hospitals: [{ id, did }, ...contents.hospitals.filter((h) => h.id !== id)] })
}
