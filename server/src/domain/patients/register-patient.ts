/**
 * Registration of a patient at a hospital: the hospital issues a PatientIdentityCredential to the patient's
 * own DID (the patient keeps their key; the credential JWT is handed to their wallet) and creates the patient's
 * data key, wrapped by the master key, with the demographics sealed under it. A DID is registered once per
 * hospital and a medical record number belongs to one DID.
 *
 * Exactly once, in three steps:
 *  1. Claim: the patient row is created first, marked pending (its identity credential id is `pending:` and a
 *     hash of the record number), in a transaction that holds the hospital's row, so claims at one hospital
 *     are checked one at a time: the unique (hospital, DID) key refuses a second registration of the DID, and
 *     a number held by another DID (a current identity credential or a pending claim) is refused.
 *  2. The identity credential is issued (its `mrn:` natural key makes it the current identity for the number).
 *  3. The pending row takes the credential's id, with the audit entry, while the credential is still current.
 * A failure after the claim removes the pending row and revokes the credential it issued, in one transaction
 * with the refusal's audit entry: a failed or raced registration leaves no patient and no live credential.
 * A claim left pending by a crash is cleared (with any identity credential it issued) once it is
 * PENDING_REGISTRATION_TTL_MS old, by the next registration of that DID or number.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import type { Db, DbTx } from '../../db.js'
import { AppError, isAppError, validationError } from '../../errors.js'
import { appendAuditEntry, type AuditEvent } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { auditRefusal } from '../audit-refusal.js'
import { applyStatusChange } from '../credentials/change-credential-status.js'
import { DidEthr, PatientIdentityClaims } from '../credentials/credential-types.js'
import { currentKeyOf, issueCredentials, isUniqueViolation, type CredentialToIssue, type IssuanceDeps, type IssuedCredentialRecord } from '../credentials/issue-credentials.js'
import { prepareCredential } from '../credentials/prepare-credential.js'
import { newDataKey, sealProfile, wrapDataKey } from '../records/data-keys.js'
import { notFound } from '../tenant-scope.js'
import type { Resolvable } from 'did-resolver'

export const IDENTITY_VALIDITY_MS = 10 * 365 * 86_400_000
/** How long a pending registration holds its DID and number before another registration may clear it. */
export const PENDING_REGISTRATION_TTL_MS = 5 * 60_000

export const RegisterPatientInput = PatientIdentityClaims.extend({
  subjectDid: DidEthr,
  validUntil: z.coerce.date({ message: 'must be a date' }).optional(),
}).strict()
export type RegisterPatientInput = z.input<typeof RegisterPatientInput>

export interface RegisterPatientDeps extends IssuanceDeps {
  resolver: Resolvable
  chain: { didPrefix: string }
  masterKey: Buffer
}

const PENDING = 'pending:'
const alreadyRegistered = () => new AppError('CONFLICT', 'This DID is already registered as a patient here')
const numberInUse = () => new AppError('CONFLICT', 'This medical record number belongs to another patient', { fields: [{ field: 'medicalRecordNumber', message: 'is already in use' }] })

type RegisterEvent = Omit<AuditEvent, 'decision' | 'reasonCode'>

interface Registration {
  hospital: { id: string; did: string }
  subjectDid: string
  claims: z.infer<typeof PatientIdentityClaims>
  item: CredentialToIssue
  /** The credential's `currentKey` for this number: `<hospital id>|mrn:<NUMBER>`. */
  mrnKey: string
}

export async function registerPatient(deps: RegisterPatientDeps, args: { orgId: string; actor: AuditActor; input: RegisterPatientInput; now?: Date }) {
  const now = args.now ?? new Date()
  const did = (args.input as { subjectDid?: unknown } | undefined)?.subjectDid
  const event: RegisterEvent = { ...args.actor, orgId: args.orgId, action: 'patient.register', subjectType: 'DID', subject: typeof did === 'string' ? did : null, at: now }
  let registration: Registration
  let pending: { id: string; marker: string }
  try {
    registration = await prepareRegistration(deps, { ...args, now })
    pending = await claimRegistration(deps, { registration, actor: args.actor, now })
  } catch (error) {
    return auditRefusal(deps.db, error, event)
  }

  let credential: IssuedCredentialRecord | undefined
  try {
    ;[credential] = await issueCredentials(deps, { issuer: registration.hospital, actor: args.actor, items: [registration.item] })
    const issued = credential!
    const patient = await deps.db.$transaction(async (tx) => {
      // Still the current, active identity for this number (a same-value write also holds its row until commit).
      const held = await tx.issuedCredential.updateMany({ where: { id: issued.id, status: 'ACTIVE', currentKey: registration.mrnKey }, data: { status: 'ACTIVE' } })
      if (held.count === 0) throw new AppError('CONFLICT', 'The identity credential changed while the patient was being registered')
      if (issued.supersedesId) {
        const replaced = await tx.issuedCredential.findUnique({ where: { id: issued.supersedesId }, select: { subjectDid: true } })
        if (replaced && replaced.subjectDid !== registration.subjectDid) throw numberInUse()
      }
      const { count } = await tx.patient.updateMany({ where: { id: pending.id, identityCredentialId: pending.marker }, data: { identityCredentialId: issued.id } })
      if (count === 0) throw new AppError('CONFLICT', 'The registration changed while it was being completed')
      await appendAuditEntry(tx, { ...event, subjectType: 'PATIENT', subject: pending.id, decision: 'DONE', details: { did: registration.subjectDid, identityCredentialId: issued.id } })
      return tx.patient.findUniqueOrThrow({ where: { id: pending.id } })
    })
    return { patient, credential: issued, profile: registration.claims }
  } catch (error) {
    await withdrawRegistration(deps.db, { pending, credential, registration, actor: args.actor, event, error, now })
    throw error
  }
}

/** Validates the input and the credential to sign (the DID resolves on this chain); writes nothing. */
async function prepareRegistration(deps: RegisterPatientDeps, args: { orgId: string; input: RegisterPatientInput; now: Date }): Promise<Registration> {
  const parsed = RegisterPatientInput.safeParse(args.input)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const { subjectDid, validUntil, ...claims } = parsed.data
  const hospital = await deps.db.organization.findFirst({ where: { id: args.orgId, kind: 'HOSPITAL' } })
  if (!hospital) throw notFound('Hospital')
  const prepared = await prepareCredential({ db: deps.db, resolver: deps.resolver, didPrefix: deps.chain.didPrefix }, hospital, {
    type: 'PatientIdentityCredential',
    subjectDid,
    claims,
    validUntil: validUntil ?? new Date(args.now.getTime() + IDENTITY_VALIDITY_MS),
  })
  if (!prepared.ok) throw new AppError('VALIDATION_FAILED', `Invalid patient: ${prepared.fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields: prepared.fields })
  return { hospital, subjectDid, claims, item: prepared.item, mrnKey: currentKeyOf(hospital.id, prepared.item.naturalKey!) }
}

/** Step 1: the pending patient row, created only if neither the DID nor the number is taken at this hospital. */
async function claimRegistration(deps: RegisterPatientDeps, args: { registration: Registration; actor: AuditActor; now: Date }) {
  const { hospital, subjectDid, claims, mrnKey } = args.registration
  const marker = `${PENDING}${crypto.createHash('sha256').update(mrnKey).digest('hex')}`
  const id = crypto.randomUUID()
  const dataKey = newDataKey()
  try {
    return await deps.db.$transaction(async (tx) => {
      // Holds the hospital's row until commit: this hospital's claims are checked one at a time.
      await tx.organization.update({ where: { id: hospital.id }, data: { kind: 'HOSPITAL' } })
      const stale = new Date(args.now.getTime() - PENDING_REGISTRATION_TTL_MS)
      const sameDid = await tx.patient.findUnique({ where: { orgId_did: { orgId: hospital.id, did: subjectDid } } })
      if (sameDid && !(sameDid.identityCredentialId.startsWith(PENDING) && sameDid.createdAt <= stale)) throw alreadyRegistered()
      const sameNumber = await tx.patient.findFirst({ where: { orgId: hospital.id, identityCredentialId: marker, did: { not: subjectDid } } })
      if (sameNumber && sameNumber.createdAt > stale) throw numberInUse()
      for (const abandoned of [sameDid, sameNumber]) if (abandoned) await clearAbandonedClaim(tx, { patient: abandoned, actor: args.actor, now: args.now })
      const holder = await tx.issuedCredential.findUnique({ where: { currentKey: mrnKey }, select: { subjectDid: true } })
      if (holder && holder.subjectDid !== subjectDid) throw numberInUse()
      await tx.patient.create({
        data: { id, orgId: hospital.id, did: subjectDid, identityCredentialId: marker, wrappedDataKey: wrapDataKey(deps.masterKey, id, dataKey), profile: sealProfile(dataKey, id, claims), createdAt: args.now },
      })
      return { id, marker }
    })
  } catch (error) {
    throw isUniqueViolation(error) ? alreadyRegistered() : error
  } finally {
    dataKey.fill(0)
  }
}

/** A pending claim whose registration died: its row goes, and so does any identity credential it issued that no patient holds. */
async function clearAbandonedClaim(tx: DbTx, args: { patient: { id: string; orgId: string; did: string }; actor: AuditActor; now: Date }) {
  await tx.patient.delete({ where: { id: args.patient.id } })
  await revokeUnheldIdentities(tx, { orgId: args.patient.orgId, subjectDid: args.patient.did, actor: args.actor, now: args.now })
}

/** Revokes the DID's identity credentials at this hospital that no patient row holds (issued by a registration that did not complete). */
async function revokeUnheldIdentities(tx: DbTx, args: { orgId: string; subjectDid: string; actor: AuditActor; now: Date; only?: string }) {
  const live = await tx.issuedCredential.findMany({
    where: { orgId: args.orgId, type: 'PatientIdentityCredential', subjectDid: args.subjectDid, status: { not: 'REVOKED' }, ...(args.only ? { id: args.only } : {}) },
  })
  for (const credential of live) {
    if (await tx.patient.findFirst({ where: { orgId: args.orgId, identityCredentialId: credential.id }, select: { id: true } })) continue
    await applyStatusChange(tx, { credential, action: 'revoke', reason: 'the registration did not complete', actor: args.actor, orgId: args.orgId, now: args.now, reasonCode: 'REGISTRATION_NOT_COMPLETED' })
  }
}

/**
 * After a failure past the claim: the pending row removed, the credential this registration issued revoked
 * (unless a patient holds it), and the refusal audited, in one transaction. Best effort: if the database fails
 * here too, the claim is cleared by a later registration once stale.
 */
async function withdrawRegistration(
  db: Db,
  args: { pending: { id: string; marker: string }; credential: IssuedCredentialRecord | undefined; registration: Registration; actor: AuditActor; event: RegisterEvent; error: unknown; now: Date },
) {
  try {
    await db.$transaction(async (tx) => {
      await tx.patient.deleteMany({ where: { id: args.pending.id, identityCredentialId: args.pending.marker } })
      if (args.credential) await revokeUnheldIdentities(tx, { orgId: args.registration.hospital.id, subjectDid: args.registration.subjectDid, actor: args.actor, now: args.now, only: args.credential.id })
      if (isAppError(args.error)) await appendAuditEntry(tx, { ...args.event, decision: 'DENIED', reasonCode: args.error.code })
    })
  } catch {
    // The registration's own error is what the caller hears.
  }
}
