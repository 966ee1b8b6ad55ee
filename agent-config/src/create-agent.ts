/**
 * The one place that knows how the Veramo agent is wired: did:ethr on the configured chain and registry,
 * a key manager whose private keys are sealed in the database under the master key, and a resolver whose
 * cache follows the chain.
 */
import { createAgent, type TAgent, type IDIDManager, type IKeyManager, type IResolver, type ICredentialPlugin } from '@veramo/core'
import { CredentialPlugin } from '@veramo/credential-w3c'
import { CredentialProviderJWT } from '@veramo/credential-jwt'
import { DIDManager } from '@veramo/did-manager'
import { EthrDIDProvider } from '@veramo/did-provider-ethr'
import { DIDResolverPlugin } from '@veramo/did-resolver'
import { KeyManager } from '@veramo/key-manager'
import { KeyManagementSystem } from '@veramo/kms-local'
import type { JsonRpcProvider } from 'ethers'
import { createVerifiableCredentialJwt } from 'did-jwt-vc'
import { ChainAwareResolver } from './resolver/chain-aware-resolver.js'
import { EncryptedPrivateKeyStore } from './stores/encrypted-private-key-store.js'
import { PrismaDIDStore } from './stores/prisma-did-store.js'
import { PrismaKeyStore } from './stores/prisma-key-store.js'
import type { StoreDb } from './prisma-types.js'

export type CredGateAgent = TAgent<IDIDManager & IKeyManager & IResolver & ICredentialPlugin>

export interface AgentConfig {
  db: StoreDb
  masterKey: Buffer
  provider: JsonRpcProvider
  chainId: number
  registry: string
  rpcUrl: string
}

export interface BuiltAgent {
  agent: CredGateAgent
  resolver: ChainAwareResolver
  /** The DID provider name, e.g. did:ethr:0x539. */
  didProvider: string
  networkName: string
}

export const KMS_NAME = 'local'

export function buildAgent(config: AgentConfig): BuiltAgent {
  const networkName = `0x${config.chainId.toString(16)}`
  const didProvider = `did:ethr:${networkName}`
  const resolver = new ChainAwareResolver({
    provider: config.provider,
    chainId: config.chainId,
    registry: config.registry,
    networkName,
  })
  const agent = createAgent<IDIDManager & IKeyManager & IResolver & ICredentialPlugin>({
    plugins: [
      new KeyManager({
        store: new PrismaKeyStore(config.db),
        kms: { [KMS_NAME]: new KeyManagementSystem(new EncryptedPrivateKeyStore(config.db, config.masterKey)) },
      }),
      new DIDManager({
        store: new PrismaDIDStore(config.db),
        defaultProvider: didProvider,
        providers: {
          [didProvider]: new EthrDIDProvider({
            defaultKms: KMS_NAME,
            networks: [{ name: networkName, chainId: config.chainId, rpcUrl: config.rpcUrl, registry: config.registry, provider: config.provider }],
          }),
        },
      }),
      new DIDResolverPlugin({ resolver }),
      new CredentialPlugin([new CredentialProviderJWT()]),
    ],
  })
  return { agent, resolver, didProvider, networkName }
}

/**
 * A signer of JWT credentials for one of our DIDs, for batches: the identifier and its key are looked up
 * once, then each credential costs one key-manager signature (the key never leaves the key manager). The
 * JWTs are what `createVerifiableCredential({ proofFormat: 'jwt' })` makes.
 */
export async function createJwtCredentialSigner(agent: CredGateAgent, issuerDid: string): Promise<(credential: Record<string, unknown>) => Promise<string>> {
  const identifier = await agent.didManagerGet({ did: issuerDid })
  // The controller key signs (during a rotation the identifier briefly holds the old key as well).
  const key = identifier.keys.find((k) => k.kid === identifier.controllerKeyId && k.type === 'Secp256k1') ?? identifier.keys.find((k) => k.type === 'Secp256k1')
  if (!key) throw new Error(`no Secp256k1 key for ${issuerDid}`)
  const signer = async (data: string | Uint8Array) => {
    try {
      return await agent.keyManagerSign({ keyRef: key.kid, data: typeof data === 'string' ? data : new TextDecoder().decode(data), algorithm: 'ES256K' })
    } catch (error) {
      // Veramo's local KMS reports any failure to read the key as key_not_found: read the store again, so that
      // a database outage surfaces as itself (and is answered UNAVAILABLE, not as an internal error).
      if (/key_not_found/.test(String((error as Error)?.message))) await agent.keyManagerGet({ kid: key.kid })
      throw error
    }
  }
  return (credential) => createVerifiableCredentialJwt(credential as never, { did: identifier.did, signer, alg: 'ES256K' })
}
