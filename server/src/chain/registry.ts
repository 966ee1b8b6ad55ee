/**
 * The EthereumDIDRegistry contract: deployed once on the embedded chain, then remembered; on every boot
 * checked to still have code, so that a database and a chain that disagree are reported, not papered over.
 */
import { ContractFactory, type JsonRpcProvider, type Signer } from 'ethers'
import registryPackage from 'ethr-did-registry'

const { EthereumDIDRegistry } = registryPackage as unknown as {
  EthereumDIDRegistry: { abi: unknown[]; bytecode: string }
}

export const DID_REGISTRY_ABI = EthereumDIDRegistry.abi

export class ChainMismatchError extends Error {
  override name = 'ChainMismatchError'
}

export async function deployDidRegistry(deployer: Signer): Promise<string> {
  const factory = new ContractFactory(EthereumDIDRegistry.abi as never, EthereumDIDRegistry.bytecode, deployer)
  const contract = await factory.deploy()
  await contract.waitForDeployment()
  return contract.getAddress()
}

export async function hasContractCode(provider: JsonRpcProvider, address: string): Promise<boolean> {
  const code = await provider.getCode(address)
  return code !== '0x' && code.length > 2
}

export interface EnsureRegistryArgs {
  provider: JsonRpcProvider
  chainId: number
  /** Address set by configuration (DID_REGISTRY_ADDRESS), which wins. */
  configured: string | undefined
  /** Address this database recorded on an earlier boot. */
  recorded: string | undefined
  /** Who deploys when nothing is configured or recorded (embedded chain only). */
  deployer: Signer | undefined
}

/** Returns the registry address to use, deploying it only when none was ever recorded. */
export async function ensureDidRegistry(args: EnsureRegistryArgs): Promise<{ address: string; deployed: boolean }> {
  const { provider, chainId, configured, recorded, deployer } = args
  if (configured) {
    if (!(await hasContractCode(provider, configured))) {
      throw new ChainMismatchError(`DID_REGISTRY_ADDRESS ${configured} has no contract code on chain ${chainId}`)
    }
    if (recorded && recorded.toLowerCase() !== configured.toLowerCase()) {
      throw new ChainMismatchError(
        `the database was used with registry ${recorded}, but DID_REGISTRY_ADDRESS is ${configured}; DIDs and credentials would not resolve`,
      )
    }
    return { address: configured, deployed: false }
  }
  if (recorded) {
    if (!(await hasContractCode(provider, recorded))) {
      throw new ChainMismatchError(
        `the database records DID registry ${recorded} on chain ${chainId}, but the chain has no code there: ` +
          'the chain state was lost or belongs to another database. Restore the chain state file, or remove the data directory to start over.',
      )
    }
    return { address: recorded, deployed: false }
  }
  if (!deployer) throw new ChainMismatchError('no DID registry configured (DID_REGISTRY_ADDRESS) and no deployer available')
  return { address: await deployDidRegistry(deployer), deployed: true }
}
