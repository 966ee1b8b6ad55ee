/**
 * The wallet's storage: one record in IndexedDB holding the DID in clear (to say whose wallet it is while
 * locked) and everything else — the private key, the credentials, the hospitals it knows — encrypted with AES-256-GCM
 * under a key derived from the passphrase with PBKDF2-SHA256 (600,000 iterations, random 16-byte salt).
 * Every save uses a fresh 12-byte IV; the DID is bound in as additional data. The derived key is
 * non-extractable and lives only in memory while the wallet is unlocked.
 */
import { base64ToBytes, bytesToBase64 } from './encoding.ts'

const DB_NAME = 'credgate-wallet'
const DB_VERSION = 1
const STORE = 'wallets'
const RECORD_ID = 'primary'
export const PBKDF2_ITERATIONS = 600_000

/** A credential the holder keeps (as issued; the JWT is the credential). */
export interface HeldCredential {
  id: string
  type: string
  issuerDid: string
  issuerName: string
  jwt: string
  /** Status when last fetched from the issuer (the live status comes from verification). */
  status: string
  issuedAt: string
  validUntil: string | null
  receivedAt: string
}

/** A hospital whose records this wallet can sign in to: its id comes from the hospital's wallet link. */
export interface KnownHospital {
  id: string
  /** Learned at the first sign-in (the session names the hospital's DID). */
  did: string | null
}

export interface VaultContents {
  privateKey: string
  credentials: HeldCredential[]
  hospitals: KnownHospital[]
}

export interface StoredWallet {
  id: typeof RECORD_ID
  version: 1
  did: string
  createdAt: string
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string }
  cipher: { name: 'AES-GCM'; iv: string }
  ciphertext: string
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('The passphrase does not open this wallet')
    this.name = 'WrongPassphraseError'
  }
}

export class StorageUnavailableError extends Error {
  constructor() {
    super('This browser cannot store the wallet')
    this.name = 'StorageUnavailableError'
  }
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined' || !globalThis.crypto?.subtle) {
      reject(new StorageUnavailableError())
      return
    }
    const request = indexedDB.open(DB_NAME, DB_VERSION)
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: 'id' })
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(new StorageUnavailableError())
    request.onblocked = () => reject(new StorageUnavailableError())
  })
}

async function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await openDatabase()
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode)
      const request = action(tx.objectStore(STORE))
      tx.oncomplete = () => resolve(request.result as T)
      tx.onerror = () => reject(new StorageUnavailableError())
      tx.onabort = () => reject(new StorageUnavailableError())
    })
  } finally {
    db.close()
  }
}

export async function readStoredWallet(): Promise<StoredWallet | undefined> {
  const record = await run<StoredWallet | undefined>('readonly', (store) => store.get(RECORD_ID))
  return record && record.version === 1 ? record : undefined
}

async function writeStoredWallet(record: StoredWallet): Promise<void> {
  await run('readwrite', (store) => store.put(record))
}

export async function deleteStoredWallet(): Promise<void> {
  await run('readwrite', (store) => store.delete(RECORD_ID))
}

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey'])
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}

async function seal(key: CryptoKey, did: string, contents: VaultContents): Promise<{ iv: string; ciphertext: string }> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const plaintext = new TextEncoder().encode(JSON.stringify(contents))
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(did) }, key, plaintext)
  return { iv: bytesToBase64(iv), ciphertext: bytesToBase64(new Uint8Array(ciphertext)) }
}

/** An open vault: the derived key stays inside; only save() and the contents it was opened with come out. */
export interface OpenVault {
  did: string
  contents: VaultContents
  save(contents: VaultContents): Promise<void>
}

function openVault(key: CryptoKey, record: StoredWallet, contents: VaultContents): OpenVault {
  let current = record
  return {
    did: record.did,
    contents,
    async save(next) {
      const sealed = await seal(key, current.did, next)
      current = { ...current, cipher: { name: 'AES-GCM', iv: sealed.iv }, ciphertext: sealed.ciphertext }
      await writeStoredWallet(current)
    },
  }
}

/** Creates (or replaces) the wallet record for a new key. */
export async function createVault(did: string, passphrase: string, contents: VaultContents): Promise<OpenVault> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const key = await deriveKey(passphrase, salt, PBKDF2_ITERATIONS)
  const sealed = await seal(key, did, contents)
  const record: StoredWallet = {
    id: RECORD_ID,
    version: 1,
    did,
    createdAt: new Date().toISOString(),
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS, salt: bytesToBase64(salt) },
    cipher: { name: 'AES-GCM', iv: sealed.iv },
    ciphertext: sealed.ciphertext,
  }
  await writeStoredWallet(record)
  return openVault(key, record, contents)
}

/** Opens the stored wallet with a passphrase; a wrong passphrase fails GCM's authentication. */
export async function unlockVault(record: StoredWallet, passphrase: string): Promise<OpenVault> {
  const key = await deriveKey(passphrase, base64ToBytes(record.kdf.salt), record.kdf.iterations)
  let plaintext: ArrayBuffer
  try {
    plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64ToBytes(record.cipher.iv) as BufferSource, additionalData: new TextEncoder().encode(record.did) },
      key,
      base64ToBytes(record.ciphertext) as BufferSource,
    )
  } catch {
    throw new WrongPassphraseError()
  }
  const parsed = JSON.parse(new TextDecoder().decode(plaintext)) as Partial<VaultContents>
  const contents: VaultContents = { privateKey: parsed.privateKey ?? '', credentials: parsed.credentials ?? [], hospitals: parsed.hospitals ?? [] }
  return openVault(key, record, contents)
}
