/**
 * Registration of a patient at a hospital: the hospital issues a PatientIdentityCredential to the patient's
 * own DID (the patient keeps their key; the credential JWT is handed to their wallet) and creates the patient's
 * data key, wrapped by the master key, with the demographics sealed under it. A DID is registered once per
 * hospital and a medical record number belongs to one DID.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { AppError, validationError } from '../../errors.js'
import { appendAuditEntry } from '../audit/append-audit-entry.js'
import type { AuditActor } from '../audit/audit-actor.js'
import { DidEthr, PatientIdentityClaims } from '../credentials/credential-types.js'
import { issueCredentials, isUniqueViolation, type IssuanceDeps } from '../credentials/issue-credentials.js'
import { prepareCredential } from '../credentials/prepare-credential.js'
import { newDataKey, sealProfile, wrapDataKey } from '../records/data-keys.js'
import { notFound } from '../tenant-scope.js'
import type { Resolvable } from 'did-resolver'

export const IDENTITY_VALIDITY_MS = 10 * 365 * 86_400_000

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

export async function registerPatient(deps: RegisterPatientDeps, args: { orgId: string; actor: AuditActor; input: RegisterPatientInput; now?: Date }) {
  const now = args.now ?? new Date()
  const parsed = RegisterPatientInput.safeParse(args.input)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const { subjectDid, validUntil, ...claims } = parsed.data
  const hospital = await deps.db.organization.findFirst({ where: { id: args.orgId, kind: 'HOSPITAL' } })
  if (!hospital) throw notFound('Hospital')
  if (await deps.db.patient.findUnique({ where: { orgId_did: { orgId: hospital.id, did: subjectDid } } })) {
    throw new AppError('CONFLICT', 'This DID is already registered as a patient here')
  }
  const mrnKey = `${hospital.id}|mrn:${claims.medicalRecordNumber.toUpperCase()}`
  const holder = await deps.db.issuedCredential.findUnique({ where: { currentKey: mrnKey }, select: { subjectDid: true } })
  if (holder && holder.subjectDid !== subjectDid) {
    throw new AppError('CONFLICT', 'This medical record number belongs to another patient', { fields: [{ field: 'medicalRecordNumber', message: 'is already in use' }] })
  }

  const prepared = await prepareCredential({ db: deps.db, resolver: deps.resolver, didPrefix: deps.chain.didPrefix }, hospital, {
    type: 'PatientIdentityCredential',
    subjectDid,
    claims,
    validUntil: validUntil ?? new Date(now.getTime() + IDENTITY_VALIDITY_MS),
  })
  if (!prepared.ok) throw new AppError('VALIDATION_FAILED', `Invalid patient: ${prepared.fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields: prepared.fields })
  const [credential] = await issueCredentials(deps, { issuer: hospital, actor: args.actor, items: [prepared.item] })

  const patientId = crypto.randomUUID()
  const dataKey = newDataKey()
  const patient = await createPatientRow(() =>
    deps.db.$transaction(async (tx) => {
      const created = await tx.patient.create({
        data: {
          id: patientId,
          orgId: hospital.id,
          did: subjectDid,
          identityCredentialId: credential!.id,
          wrappedDataKey: wrapDataKey(deps.masterKey, patientId, dataKey),
          profile: sealProfile(dataKey, patientId, claims),
          createdAt: now,
        },
      })
      await appendAuditEntry(tx, {
        ...args.actor,
        orgId: hospital.id,
        action: 'patient.register',
        subjectType: 'PATIENT',
        subject: patientId,
        decision: 'DONE',
        details: { did: subjectDid, identityCredentialId: credential!.id },
        at: now,
      })
      return created
    }),
  )
  dataKey.fill(0)
  return { patient, credential: credential!, profile: claims }
}

/** A concurrent registration of the same DID at the same hospital loses on the unique key: CONFLICT, not a crash. */
async function createPatientRow<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create()
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'This DID is already registered as a patient here')
    throw error
  }
}
