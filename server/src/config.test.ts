import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('loadConfig', () => {
  it('gives the embedded default with no configuration', () => {
    const config = loadConfig({})
    expect(config.database.kind).toBe('sqlite')
    expect(config.chain).toEqual({ kind: 'embedded', port: 8545, chainId: 1337 })
    expect(config.port).toBe(4000)
    expect(config.demo).toEqual({ enabled: true, password: 'credgate-demo' })
    expect(config.publicUrl).toBe('http://localhost:4000')
  })

  it('names every bad value on its own line, without secrets', () => {
    const problems = problemsOf({ PORT: 'abc', CHAIN_ID: '-3', DATABASE_URL: 'mysql://x', MASTER_KEY: 'short', LOG_LEVEL: 'loud' })
    expect(problems.some((p) => p.startsWith('PORT: must be a number (got "abc")'))).toBe(true)
    expect(problems.some((p) => p.startsWith('CHAIN_ID: must be positive'))).toBe(true)
    expect(problems.some((p) => p.startsWith('DATABASE_URL: must start with postgresql://'))).toBe(true)
    expect(problems.some((p) => p.startsWith('MASTER_KEY: must be 32 bytes'))).toBe(true)
    expect(problems.some((p) => p.startsWith('LOG_LEVEL:'))).toBe(true)
    expect(problems.join('\n')).not.toContain('short') // secret values are never echoed
  })

  it('requires PostgreSQL, an external chain, a registry and a master key in production, and never seeds demo data', () => {
    const problems = problemsOf({ NODE_ENV: 'production' })
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ETH_RPC_URL: required in production/),
        expect.stringMatching(/^MASTER_KEY: required in production/),
        expect.stringMatching(/^DATABASE_URL: production needs PostgreSQL/),
      ]),
    )
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://db/credgate',
      ETH_RPC_URL: 'https://rpc.example.org',
      CHAIN_ID: '8453',
      DID_REGISTRY_ADDRESS: '0xdca7ef03e98e0dc2b855be647c39abe984fcf21b',
      MASTER_KEY: 'a'.repeat(64),
    })
    expect(config.demo.enabled).toBe(false)
    expect(config.masterKey?.length).toBe(32)
    expect(config.chain).toMatchObject({ kind: 'external', chainId: 8453 })
    expect(problemsOf({ NODE_ENV: 'production', DEMO: 'true' }).some((p) => p.startsWith('DEMO:'))).toBe(true)
  })

  it('requires CHAIN_ID with an external node', () => {
    expect(problemsOf({ ETH_RPC_URL: 'http://127.0.0.1:9999' })).toContain('CHAIN_ID: required when ETH_RPC_URL is set')
  })
})
