/** JSON error responses for the HTTP routes: `{ code, message, details? }` with the code's status. */
import type { NextFunction, Request, Response } from 'express'
import { AppError, ERROR_TABLE, toPublicError } from '../errors.js'
import type { Logger } from '../logger.js'

export function sendError(res: Response, error: unknown): void {
  const body = toPublicError(error)
  res.status(ERROR_TABLE[body.code].http).json(body)
}

/** Express error handler: body-parser's size and syntax errors get our codes; the rest is masked. */
export function httpErrorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = error as { type?: string; status?: number }
    if (e?.type === 'entity.too.large') return sendError(res, new AppError('PAYLOAD_TOO_LARGE', 'Request body too large'))
    if (e?.type === 'entity.parse.failed') return sendError(res, new AppError('MALFORMED', 'Request body is not valid JSON'))
    if (e?.status && e.status >= 400 && e.status < 500) return sendError(res, new AppError('MALFORMED', 'Bad request'))
    if (!(error instanceof AppError)) logger.error('unhandled HTTP error', { error })
    sendError(res, error)
  }
}
