/**
 * GET /audit/export?from&to&format=csv|json: an auditor's download of a period with its proof material,
 * streamed page by page (any size). A failure before the first chunk is an ordinary error answer; one in the
 * middle cuts the download off (never a file that looks whole but is not).
 */
import { once } from 'node:events'
import { Router, type Response } from 'express'
import { z } from 'zod'
import { didEthrAddress } from '../../../agent-config/src/did-address.js'
import { exportAuditCsvChunks, exportAuditJsonChunks } from '../domain/audit/export-audit.js'
import { validationError } from '../errors.js'
import type { Platform } from '../platform.js'
import { sendError } from './errors.js'
import { requireStaff } from './staff-auth.js'

const ExportQuery = z.object({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  format: z.enum(['csv', 'json']).default('json'),
})

export function auditExportRoutes(platform: Platform): Router {
  const router = Router()
  router.get('/audit/export', async (req, res) => {
    try {
      const viewer = await requireStaff(platform, req, ['AUDITOR', 'PRIVACY_OFFICER'])
      const parsed = ExportQuery.safeParse(req.query)
      if (!parsed.success) throw validationError(parsed.error.issues)
      const { from, to, format } = parsed.data
      const args = { orgId: viewer.orgId, ...(from ? { from } : {}), ...(to ? { to } : {}), chain: { ...platform.chain, platformAddress: didEthrAddress(platform.platformOrg.did)! } }
      const name = `credgate-audit-${(from ?? new Date(0)).toISOString().slice(0, 10)}-${(to ?? new Date()).toISOString().slice(0, 10)}.${format}`
      const chunks = format === 'csv' ? exportAuditCsvChunks(platform.db, args) : exportAuditJsonChunks(platform.db, args)
      const first = await chunks.next()
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`)
      res.setHeader('Cache-Control', 'no-store')
      res.type(format === 'csv' ? 'text/csv' : 'application/json')
      await stream(res, first.done ? '' : first.value, chunks)
    } catch (error) {
      if (res.headersSent) {
        platform.logger.error('audit export cut off mid-way', { error })
        res.destroy()
      } else sendError(res, error)
    }
  })
  return router
}

async function stream(res: Response, first: string, rest: AsyncGenerator<string>): Promise<void> {
  for (let chunk: string | undefined = first; chunk !== undefined; ) {
    if (chunk.length > 0 && !res.write(chunk)) await once(res, 'drain')
    const next = await rest.next()
    chunk = next.done ? undefined : next.value
  }
  res.end()
}
