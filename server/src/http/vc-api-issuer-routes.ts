/**
 * W3C VC-API issuer routes: POST /credentials/issue, POST /credentials/status, and GET /status/:listId
 * (the signed Bitstring Status List credential, with ETag and gzip). Transport only: parse, authenticate,
 * call the domain, map the result.
 */
import zlib from 'node:zlib'
import { Router, type Request, type Response } from 'express'
import { decodeJWT } from 'did-jwt'
import { z } from 'zod'
import { auditRefusal } from '../domain/audit-refusal.js'
import { changeCredentialStatus } from '../domain/credentials/change-credential-status.js'
import { callerActor } from '../domain/credentials/issuer-permissions.js'
import { CREDENTIAL_TYPES } from '../domain/credentials/credential-types.js'
import { issueCredential } from '../domain/credentials/issue-credential.js'
import { getStatusListCredential } from '../domain/status/publish-status-list.js'
import { AppError, validationError } from '../errors.js'
import type { Platform } from '../platform.js'
import { sendError } from './errors.js'
import { resolveOrgCaller } from './org-caller.js'

const IssueBody = z
  .object({
    credential: z
      .object({
        '@context': z.array(z.string()).optional(),
        type: z.array(z.string()).min(2, 'must list VerifiableCredential and the credential type'),
        issuer: z.union([z.string(), z.object({ id: z.string() }).strict()]).optional(),
        issuanceDate: z.string().optional(),
        validFrom: z.string().optional(),
        expirationDate: z.string().optional(),
        validUntil: z.string().optional(),
        credentialSubject: z.object({ id: z.string() }).catchall(z.unknown()),
      })
      .strict(),
    options: z.object({}).catchall(z.unknown()).optional(),
  })
  .strict()

const StatusBody = z
  .object({
    credentialId: z.string().min(1),
    credentialStatus: z
      .array(
        z
          .object({
            type: z.literal('BitstringStatusListEntry'),
            statusPurpose: z.enum(['revocation', 'suspension']),
            status: z.union([z.literal('0'), z.literal('1'), z.literal(0), z.literal(1), z.boolean()]),
          })
          .strict(),
      )
      .length(1, 'exactly one status change per request'),
    reason: z.string().optional(),
  })
  .strict()

/** The W3C credential object of a JWT-VC, with the JWT as its proof (VC-API's shape for JWT proofs). */
export function toCredentialObject(jwt: string): Record<string, unknown> {
  const { payload } = decodeJWT(jwt)
  const vc = (payload as { vc?: Record<string, unknown> }).vc ?? {}
  const subject = { ...(vc.credentialSubject as Record<string, unknown> | undefined), ...(payload.sub ? { id: payload.sub } : {}) }
  return {
    ...vc,
    ...(payload.jti ? { id: payload.jti } : {}),
    issuer: { id: payload.iss },
    ...(payload.nbf ? { issuanceDate: new Date(payload.nbf * 1000).toISOString() } : {}),
    ...(payload.exp ? { expirationDate: new Date(payload.exp * 1000).toISOString() } : {}),
    credentialSubject: subject,
    proof: { type: 'JwtProof2020', jwt },
  }
}

export function vcApiIssuerRoutes(platform: Platform): Router {
  const router = Router()

  router.post('/credentials/issue', async (req: Request, res: Response) => {
    try {
      const caller = await resolveOrgCaller(platform, req)
      const parsed = IssueBody.safeParse(req.body)
      if (!parsed.success) throw validationError(parsed.error.issues)
      const { credential } = parsed.data
      const type = credential.type.find((t) => (CREDENTIAL_TYPES as readonly string[]).includes(t))
      // Refusals here are audited like the domain's own (one DENIED entry, field names only).
      const refuse = (error: AppError) =>
        auditRefusal(platform.db, error, { ...callerActor(caller), orgId: caller.orgId, action: 'credential.issue', subjectType: 'DID', subject: credential.credentialSubject.id, details: { type: type ?? null } })
      if (!type || !credential.type.includes('VerifiableCredential')) {
        await refuse(
          new AppError('VALIDATION_FAILED', `credential.type must include VerifiableCredential and one of ${CREDENTIAL_TYPES.join(', ')}`, {
            fields: [{ field: 'credential.type', message: 'unsupported credential type' }],
          }),
        )
      }
      const org = await platform.db.organization.findUniqueOrThrow({ where: { id: caller.orgId } })
      const issuerId = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer?.id
      if (issuerId && issuerId !== org.did) {
        await refuse(new AppError('FORBIDDEN', 'credential.issuer must be your organisation\'s DID (or absent)', { fields: [{ field: 'credential.issuer', message: 'not your organisation' }] }))
      }
      const { id: subjectDid, ...claims } = credential.credentialSubject
      const issued = await issueCredential(platform, {
        caller,
        request: {
          type: type as (typeof CREDENTIAL_TYPES)[number],
          subjectDid,
          claims,
          ...(credential.validFrom ?? credential.issuanceDate ? { validFrom: credential.validFrom ?? credential.issuanceDate } : {}),
          validUntil: credential.validUntil ?? credential.expirationDate,
        },
      })
      res.status(201).json({ verifiableCredential: toCredentialObject(issued.jwt) })
    } catch (error) {
      sendError(res, error)
    }
  })

  router.post('/credentials/status', async (req: Request, res: Response) => {
    try {
      const caller = await resolveOrgCaller(platform, req)
      const parsed = StatusBody.safeParse(req.body)
      if (!parsed.success) throw validationError(parsed.error.issues)
      const [entry] = parsed.data.credentialStatus
      const set = entry!.status === true || entry!.status === 1 || entry!.status === '1'
      if (entry!.statusPurpose === 'revocation' && !set) {
        await auditRefusal(platform.db, new AppError('CONFLICT', 'Revocation is final; a revoked credential cannot be un-revoked'), {
          ...callerActor(caller),
          orgId: caller.orgId,
          action: 'credential.unrevoke',
          subjectType: 'CREDENTIAL',
          subject: parsed.data.credentialId,
        })
      }
      const action = entry!.statusPurpose === 'revocation' ? 'revoke' : set ? 'suspend' : 'reinstate'
      const updated = await changeCredentialStatus(platform.db, {
        caller,
        input: { credentialId: parsed.data.credentialId, action, reason: parsed.data.reason ?? `${action} via VC-API` },
      })
      res.json({ credentialId: updated.id, status: updated.status })
    } catch (error) {
      sendError(res, error)
    }
  })

  router.get('/status/:listId', async (req: Request, res: Response) => {
    try {
      const listId = String(req.params.listId)
      if (!/^[0-9a-f-]{36}$/.test(listId)) throw new AppError('NOT_FOUND', 'Status list not found')
      const list = await getStatusListCredential(platform, listId)
      res.setHeader('ETag', list.etag)
      res.setHeader('Cache-Control', 'public, max-age=0, must-revalidate')
      res.setHeader('Vary', 'Accept, Accept-Encoding')
      if (req.get('if-none-match') === list.etag) return void res.status(304).end()
      const wantsJwt = /application\/(vc\+)?jwt/.test(req.get('accept') ?? '')
      const body = wantsJwt ? list.jwt : JSON.stringify(toCredentialObject(list.jwt))
      res.type(wantsJwt ? 'application/vc+jwt' : 'application/json')
      if (/\bgzip\b/.test(req.get('accept-encoding') ?? '')) {
        res.setHeader('Content-Encoding', 'gzip')
        return void res.send(zlib.gzipSync(body))
      }
      res.send(body)
    } catch (error) {
      sendError(res, error)
    }
  })

  return router
}
