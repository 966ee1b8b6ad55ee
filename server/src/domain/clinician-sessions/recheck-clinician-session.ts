/**
 * The clinician half of the per-request re-check (see did-sessions/recheck-did-session.ts for what is checked
 * and the re-check window: immediate for revocations made on this server, at most STATUS_CACHE_TTL_MS = 5 s for
 * status lists published elsewhere). Only this function makes a VerifiedClinician.
 */
import { RECORD_CATEGORIES, type RecordCategory } from '../credentials/credential-types.js'
import { recheckDidSession, type RecheckDeps } from '../did-sessions/recheck-did-session.js'
import type { VerifiedClinician } from '../did-sessions/session-types.js'

export async function recheckClinicianSession(deps: RecheckDeps, args: { token: string | undefined; field: string; ip: string; now?: Date }): Promise<VerifiedClinician> {
  const { session, hospitalDid } = await recheckDidSession(deps, { ...args, kind: 'CLINICIAN' })
  const categories = session.categories.split(',').filter((c): c is RecordCategory => (RECORD_CATEGORIES as readonly string[]).includes(c))
  return { kind: 'clinician', sessionId: session.id, did: session.did, orgId: session.orgId, hospitalDid, name: session.name ?? session.did, categories, expiresAt: session.expiresAt }
}
