/**
 * Liveness and readiness. /readyz is 503 unless the database and the chain both answer within
 * PROBE_TIMEOUT_MS (a node or database that hangs instead of refusing counts as down).
 */
import { Router } from 'express'
import { isDatabaseReachable } from '../db.js'
import type { Platform } from '../platform.js'

const PROBE_TIMEOUT_MS = 3_000

export function healthRoutes(platform: Platform): Router {
  const router = Router()
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  router.get('/readyz', async (_req, res) => {
    const [database, blockNumber] = await Promise.all([
      withTimeout(isDatabaseReachable(platform.db), PROBE_TIMEOUT_MS).catch(() => false),
      withTimeout(platform.provider.getBlockNumber(), PROBE_TIMEOUT_MS).catch(() => undefined),
    ])
    const chainOk = blockNumber !== undefined
    res.status(database && chainOk ? 200 : 503).json({
      status: database && chainOk ? 'ready' : 'unavailable',
      database: { ok: database, kind: platform.config.database.kind },
      chain: {
        ok: chainOk,
        chainId: platform.chain.chainId,
        registry: platform.chain.registry,
        blockNumber: blockNumber ?? null,
        didPrefix: platform.chain.didPrefix,
      },
    })
  })
  return router
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())])
}
