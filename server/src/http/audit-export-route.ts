/** GET /audit/export?from&to&format=csv|json: an auditor's download of a period with its proof material. */
import { Router } from 'express'
import { z } from 'zod'
import { didEthrAddress } from '../../../agent-config/src/did-address.js'
import { exportAuditCsv, exportAuditJson } from '../domain/audit/export-audit.js'
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
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`)
      res.setHeader('Cache-Control', 'no-store')
      if (format === 'csv') res.type('text/csv').send(await exportAuditCsv(platform.db, args))
      else res.json(await exportAuditJson(platform.db, args))
    } catch (error) {
      sendError(res, error)
    }
  })
  return router
}
