/**
 * Turns an issuance request (any credential type) into something the issuance machine can sign, or field-
 * level errors: claim validation per type, the issuer organisation's kind, accreditation for licences,
 * dates, and the subject DID's syntax and resolvability on this chain.
 */
import type { Resolvable } from 'did-resolver'
import { z } from 'zod'
import type { DbTx } from '../../db.js'
import { AppError, type FieldIssue } from '../../errors.js'
import { CLAIMS_BY_TYPE, CREDENTIAL_TYPES, DidEthr, ISSUER_KIND, Validity, type CredentialType, type LicenseClaims } from './credential-types.js'
import type { CredentialToIssue } from './issue-credentials.js'
import { findAccreditation } from './trust-registry.js'

export const IssueRequest = z
  .object({
    type: z.enum(CREDENTIAL_TYPES, { message: `must be one of ${CREDENTIAL_TYPES.join(', ')}` }),
    subjectDid: DidEthr,
    claims: z.record(z.string(), z.unknown()),
    validFrom: z.unknown().optional(),
    validUntil: z.unknown(),
  })
  .strict()
export type IssueRequest = z.input<typeof IssueRequest>

export interface IssuingOrg {
  id: string
  did: string
  kind: string
}

export type Prepared = { ok: true; item: CredentialToIssue } | { ok: false; fields: FieldIssue[] }

export async function prepareCredential(
  deps: { db: DbTx; resolver: Resolvable; didPrefix: string; findAccreditation?: typeof findAccreditation },
  org: IssuingOrg,
  request: IssueRequest,
  options: { checkResolvable?: boolean } = {},
): Promise<Prepared> {
  const fields: FieldIssue[] = []
  const base = IssueRequest.safeParse(request)
  if (!base.success) return { ok: false, fields: base.error.issues.map(toField) }
  const { type, subjectDid } = base.data
  const claims = CLAIMS_BY_TYPE[type].safeParse(base.data.claims)
  if (!claims.success) fields.push(...claims.error.issues.map((i) => toField({ ...i, path: ['claims', ...i.path] })))
  const validity = Validity.safeParse({ validFrom: base.data.validFrom, validUntil: base.data.validUntil })
  if (!validity.success) fields.push(...validity.error.issues.map(toField))
  if (fields.length > 0 || !claims.success || !validity.success) return { ok: false, fields }

  if (ISSUER_KIND[type] !== org.kind) {
    throw new AppError('FORBIDDEN', `${type} is issued by a ${ISSUER_KIND[type].toLowerCase().replace('_', ' ')}, not by this organisation`)
  }
  if (!subjectDid.startsWith(`${deps.didPrefix}:`)) {
    return { ok: false, fields: [{ field: 'subjectDid', message: `must be a DID on this chain (${deps.didPrefix}:0x...)` }] }
  }
  if (options.checkResolvable !== false) {
    const resolved = await deps.resolver.resolve(subjectDid)
    if (resolved.didResolutionMetadata.error || !resolved.didDocument) {
      return { ok: false, fields: [{ field: 'subjectDid', message: `does not resolve (${resolved.didResolutionMetadata.error ?? 'no document'})` }] }
    }
  }

  let naturalKey: string | undefined
  if (type === 'ClinicianLicenseCredential') {
    const license = claims.data as LicenseClaims
    const accreditation = await (deps.findAccreditation ?? findAccreditation)(deps.db, { boardDid: org.did, licenseType: license.licenseType, jurisdiction: license.jurisdiction })
    if (!accreditation) {
      throw new AppError('ISSUER_UNTRUSTED', `This board is not accredited to issue ${license.licenseType} licences in ${license.jurisdiction}`, {
        fields: [{ field: 'claims.licenseType', message: `not accredited for ${license.licenseType} in ${license.jurisdiction}` }],
      })
    }
    naturalKey = `${license.jurisdiction}:${license.licenseNumber}`
  } else if (type === 'AccreditationCredential') {
    naturalKey = `accreditation:${subjectDid.toLowerCase()}`
  } else if (type === 'PatientIdentityCredential') {
    naturalKey = `mrn:${String((claims.data as { medicalRecordNumber: string }).medicalRecordNumber).toUpperCase()}`
  }
  return {
    ok: true,
    item: {
      type: type as CredentialType,
      subjectDid,
      claims: claims.data as Record<string, unknown>,
      validFrom: validity.data.validFrom ?? new Date(),
      validUntil: validity.data.validUntil,
      naturalKey,
    },
  }
}

function toField(issue: { path: ReadonlyArray<PropertyKey>; message: string }): FieldIssue {
  return { field: issue.path.map(String).join('.') || '(input)', message: issue.message }
}
