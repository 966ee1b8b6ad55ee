/**
 * Licence imports over HTTP, for files too large for a GraphQL request and for boards' own systems:
 *   POST /imports/licenses?fileName=x.csv   text/csv body (≤ 10 MB) → 202 with the import (processed in the background)
 *   GET  /imports/licenses/:id               progress (JSON)
 *   GET  /imports/licenses/:id/errors.csv    the error report: row,field,reason
 * Callers: an API token with credentials:issue, or a board admin's session cookie with the CSRF header.
 * The caller is authenticated before the body is read. Transport only.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express'
import { assertMayIssue, type OrgCaller } from '../domain/credentials/issuer-permissions.js'
import { importLicenses } from '../domain/imports/import-licenses.js'
import { formatImportErrorsCsv, LICENSE_IMPORT_LIMITS } from '../domain/imports/license-csv.js'
import { getLicenseImport, type LicenseImportView } from '../domain/imports/query-license-imports.js'
import { AppError } from '../errors.js'
import type { Platform } from '../platform.js'
import { sendError } from './errors.js'
import { resolveOrgCaller } from './org-caller.js'

const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/octet-stream']
const ERRORS_IN_PROGRESS = 100

export function licenseImportRoutes(platform: Platform): Router {
  const router = Router()

  const authenticate = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const caller = await resolveOrgCaller(platform, req)
      assertMayIssue(caller, 'ClinicianLicenseCredential')
      res.locals.caller = caller
      next()
    } catch (error) {
      sendError(res, error)
    }
  }
  // A body over the limit is refused by the parser (413 PAYLOAD_TOO_LARGE through the app's error handler).
  const readCsv = express.raw({ type: CSV_TYPES, limit: LICENSE_IMPORT_LIMITS.maxBytes })

  router.post('/imports/licenses', authenticate, readCsv, async (req: Request, res: Response) => {
    try {
      if (!Buffer.isBuffer(req.body)) {
        throw new AppError('VALIDATION_FAILED', 'Send the file as the request body with Content-Type: text/csv', { fields: [{ field: 'content-type', message: 'must be text/csv' }] })
      }
      const fileName = typeof req.query.fileName === 'string' ? req.query.fileName : 'licenses.csv'
      const started = await importLicenses(platform, { caller: res.locals.caller as OrgCaller, fileName, file: req.body })
      res.status(202).location(`/imports/licenses/${started.id}`).json(toJson(started))
    } catch (error) {
      sendError(res, error)
    }
  })

  router.get('/imports/licenses/:id', authenticate, async (req: Request, res: Response) => {
    try {
      const found = await getLicenseImport(platform.db, { orgId: (res.locals.caller as OrgCaller).orgId, id: String(req.params.id) })
      res.setHeader('Cache-Control', 'no-store')
      res.json(toJson(found))
    } catch (error) {
      sendError(res, error)
    }
  })

  router.get('/imports/licenses/:id/errors.csv', authenticate, async (req: Request, res: Response) => {
    try {
      const found = await getLicenseImport(platform.db, { orgId: (res.locals.caller as OrgCaller).orgId, id: String(req.params.id) })
      const name = `${found.fileName.replace(/\.csv$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'import'}.errors.csv`
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`)
      res.setHeader('Cache-Control', 'no-store')
      res.type('text/csv').send(formatImportErrorsCsv(found.errors))
    } catch (error) {
      sendError(res, error)
    }
  })

  return router
}

function toJson(view: LicenseImportView) {
  const { errors, orgId: _orgId, ...rest } = view
  void _orgId
  return {
    ...rest,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
    errorCount: errors.length,
    /** The first errors; the full report is errors.csv. */
    errors: errors.slice(0, ERRORS_IN_PROGRESS),
    errorReport: `/imports/licenses/${view.id}/errors.csv`,
  }
}
