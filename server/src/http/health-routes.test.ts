import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil } from '../chain/anvil.js'
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.js'
import { startTestServer, type TestServer } from '../testing/test-server.js'

describe('/healthz and /readyz', () => {
  let p: TestPlatform
  let server: TestServer
  beforeAll(async () => {
    p = await startTestPlatform()
    server = await startTestServer(p)
  })
  afterAll(async () => {
    await server.close()
    await p.destroy()
  })

  const readyz = async () => {
    const res = await fetch(`${server.baseUrl}/readyz`)
    return { status: res.status, body: (await res.json()) as { status: string; database: { ok: boolean }; chain: { ok: boolean; blockNumber: number | null; chainId: number; didPrefix: string } } }
  }

  it('is ready with both parts up, 503 naming the chain while the node is down, and ready again when it is back', async () => {
    const up = await readyz()
    expect(up.status).toBe(200)
    expect(up.body).toMatchObject({ status: 'ready', database: { ok: true }, chain: { ok: true, chainId: p.chain.chainId, didPrefix: p.chain.didPrefix } })
    expect(up.body.chain.blockNumber).toBeGreaterThan(0)

    await p.anvil!.stop()
    const down = await readyz()
    expect(down.status).toBe(503)
    expect(down.body).toMatchObject({ status: 'unavailable', database: { ok: true }, chain: { ok: false, blockNumber: null } })
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200) // alive, just not ready

    const again = await startAnvil({ port: p.anvil!.port, chainId: p.chain.chainId, stateFile: `${p.dataDir}/chain-state.json` })
    try {
      const back = await readyz()
      expect(back.status).toBe(200)
      expect(back.body.chain.blockNumber).toBe(up.body.chain.blockNumber) // the restarted node kept its blocks
    } finally {
      await again.stop()
    }
  })
})
