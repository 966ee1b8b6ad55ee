/** The Express application: security headers, body limits, health, GraphQL, VC-API routes, the dashboard. */
import fs from 'node:fs'
import path from 'node:path'
import express, { type Express } from 'express'
import { createGraphQLHandler } from './graphql/yoga.js'
import { auditExportRoutes } from './http/audit-export-route.js'
import { vcApiIssuerRoutes } from './http/vc-api-issuer-routes.js'
import { vcApiVerifierRoutes } from './http/vc-api-verifier-routes.js'
import { httpErrorHandler } from './http/errors.js'
import { healthRoutes } from './http/health-routes.js'
import { rateLimit } from './http/rate-limit.js'
import { licenseImportRoutes } from './http/license-import-routes.js'
import { securityHeaders } from './http/security-headers.js'
import type { Platform } from './platform.js'

export const WEB_DIST = path.resolve(import.meta.dirname, '..', '..', 'web', 'dist')
export const BODY_LIMITS = { json: '1mb', graphql: '256kb' }

export function createApp(platform: Platform): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', 'loopback')
  app.use(securityHeaders({ https: platform.config.publicUrl.startsWith('https:') }))

  app.use(healthRoutes(platform))

  const yoga = createGraphQLHandler(platform)
  app.use('/graphql', express.json({ limit: BODY_LIMITS.graphql }), (req, res) => yoga.handle(req, res))

  app.use(express.json({ limit: BODY_LIMITS.json }))
  app.post('/presentations/challenges', rateLimit(platform.rateLimiter, 'challenge'))
  app.post(['/presentations/verify', '/credentials/verify'], rateLimit(platform.rateLimiter, 'verify'))
  app.post(['/credentials/issue', '/credentials/status', '/imports/licenses'], rateLimit(platform.rateLimiter, 'issue'))
  app.use(vcApiIssuerRoutes(platform))
  app.use(vcApiVerifierRoutes(platform))
  app.use(auditExportRoutes(platform))
  app.use(licenseImportRoutes(platform))

  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    app.use(express.static(WEB_DIST, { index: false, maxAge: '1h' }))
    // Every other GET is the single-page app, except the API's own path segments.
    app.get(/^\/(?!(?:graphql|credentials|presentations|status|audit|imports|healthz|readyz)(?:\/|$)).*/, (_req, res) => {
      res.sendFile(path.join(WEB_DIST, 'index.html'))
    })
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('CredGate is running, but the dashboard is not built: run `npm run build`.')
    })
  }

  app.use(httpErrorHandler(platform.logger))
  return app
}
