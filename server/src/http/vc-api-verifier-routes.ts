/**
 * W3C VC-API verifier routes (public): POST /credentials/verify, POST /presentations/challenges,
 * POST /presentations/verify. A failed verification is 200 with verified: false; malformed requests 400.
 * The response carries the VC-API fields (verified, checks, errors, warnings) and our detailed report.
 */
import { Router, type Request, type Response } from 'express'
import { z } from 'zod'
import { findStaffSession } from '../domain/accounts/staff-sessions.js'
import type { AuditActor } from '../domain/audit/audit-actor.js'
import { issueChallenge } from '../domain/verification/challenges.js'
import { finalizePresentation, recordCredentialVerification } from '../domain/verification/record-verification.js'
import type { VerificationReport } from '../domain/verification/report.js'
import { validationError } from '../errors.js'
import type { Platform } from '../platform.js'
import { readCookie, SESSION_COOKIE } from './cookies.js'
import { sendError } from './errors.js'

const VerifyCredentialBody = z.object({ verifiableCredential: z.unknown().refine((v) => v !== undefined, 'is required'), options: z.object({}).passthrough().optional() }).strict()
const VerifyPresentationBody = z
  .object({
    verifiablePresentation: z.unknown().refine((v) => v !== undefined, 'is required'),
    options: z.object({ challenge: z.string().max(200).optional(), domain: z.string().max(253).optional() }).passthrough().optional(),
  })
  .strict()
const ChallengeBody = z.object({ domain: z.string() }).strict()

/** VC-API response: names of passed checks, failures as errors, rotated-key notes as warnings. */
export function toVcApiResponse(report: VerificationReport) {
  return {
    verified: report.verified,
    checks: [...new Set(report.checks.filter((c) => c.passed).map((c) => c.check))],
    errors: report.checks.filter((c) => !c.passed).map((c) => `${c.code}: ${c.message}`),
    warnings: report.checks.filter((c) => c.passed && c.message?.includes('rotated since')).map((c) => c.message!),
    report,
  }
}

async function auditActor(platform: Platform, req: Request): Promise<{ actor: AuditActor; orgId: string | null }> {
  const token = readCookie(req, SESSION_COOKIE)
  const staff = token ? await findStaffSession(platform.db, token) : undefined
  return staff ? { actor: { actorType: 'STAFF', actor: staff.accountId }, orgId: staff.orgId } : { actor: { actorType: 'ANONYMOUS', actor: `ip:${req.ip ?? 'unknown'}` }, orgId: null }
}

export function vcApiVerifierRoutes(platform: Platform): Router {
  const router = Router()

  router.post('/credentials/verify', async (req: Request, res: Response) => {
    try {
      const parsed = VerifyCredentialBody.safeParse(req.body)
      if (!parsed.success) throw validationError(parsed.error.issues)
      const report = await platform.verifier.verifyCredential(parsed.data.verifiableCredential)
      await recordCredentialVerification(platform.db, report, await auditActor(platform, req))
      res.json(toVcApiResponse(report))
    } catch (error) {
      sendError(res, error)
    }
  })

  router.post('/presentations/challenges', async (req: Request, res: Response) => {
    try {
      const parsed = ChallengeBody.safeParse(req.body)
      if (!parsed.success) throw validationError(parsed.error.issues)
      const { orgId } = await auditActor(platform, req)
      const challenge = await issueChallenge(platform.db, { domain: parsed.data.domain, ...(orgId ? { orgId } : {}) })
      res.status(201).json({ ...challenge, expiresAt: challenge.expiresAt.toISOString() })
    } catch (error) {
      sendError(res, error)
    }
  })

  router.post('/presentations/verify', async (req: Request, res: Response) => {
    try {
      const parsed = VerifyPresentationBody.safeParse(req.body)
      if (!parsed.success) throw validationError(parsed.error.issues)
      const options = parsed.data.options ?? {}
      const outcome = await platform.verifier.verifyPresentation(parsed.data.verifiablePresentation, {
        ...(options.challenge ? { challenge: options.challenge } : {}),
        ...(options.domain ? { domain: options.domain } : {}),
      })
      const report = await finalizePresentation(platform.db, outcome, await auditActor(platform, req))
      res.json(toVcApiResponse(report))
    } catch (error) {
      sendError(res, error)
    }
  })

  return router
}
