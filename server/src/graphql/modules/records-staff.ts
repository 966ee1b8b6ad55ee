/**
 * Hospital staff and the records gate: register patients (issuing their identity credential), add records
 * and new versions (write-only: staff never read record content here), list patients, erase on the patient's
 * signed request; privacy officers review break-glass uses. Tenant-scoped: another hospital's patient, record
 * or break-glass use is NOT_FOUND.
 */
import { listBreakGlassUses, reviewBreakGlass } from '../../domain/break-glass/review-break-glass.js'
import { parseCategories } from '../../domain/consent/consent-policy.js'
import { listPatients } from '../../domain/patients/list-patients.js'
import { registerPatient } from '../../domain/patients/register-patient.js'
import { erasePatientRecords } from '../../domain/records/erase-patient-records.js'
import { addRecord, updateRecord } from '../../domain/records/write-record.js'
import { staffWith } from '../access.js'
import type { GraphQLContext } from '../context.js'
import type { GraphQLModule } from './module.js'
import { toErasure } from './records-access.js'

export const recordsStaffModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    input RegisterPatientInput {
      subjectDid: String!
      name: String!
      birthDate: String!
      medicalRecordNumber: String!
      validUntil: String
    }
    type PatientSummary {
      id: ID!
      did: String!
      "Null once the patient's records were erased."
      name: String
      birthDate: String
      medicalRecordNumber: String
      identityCredentialId: String!
      registeredAt: String!
      erasedAt: String
      recordCount: Int!
    }
    type RegisteredPatient {
      patient: PatientSummary!
      "The PatientIdentityCredential (compact JWT) to hand to the patient's wallet."
      identityCredential: String!
    }
    type RecordReceipt {
      id: ID!
      patientId: ID!
      category: String!
      resourceType: String!
      version: Int!
      contentHash: String!
      updatedAt: String!
    }
    type BreakGlassUse {
      id: ID!
      patientId: ID!
      clinicianDid: String!
      clinicianName: String!
      reason: String!
      categories: [String!]!
      openedAt: String!
      expiresAt: String!
      reviewedAt: String
      reviewedBy: String
      reviewNote: String
    }
    extend type Query {
      patients(limit: Int, offset: Int): [PatientSummary!]!
      "Break-glass uses at your hospital, newest first (pendingOnly: not yet reviewed)."
      breakGlassUses(pendingOnly: Boolean, limit: Int): [BreakGlassUse!]!
    }
    extend type Mutation {
      "Registers a patient: issues a PatientIdentityCredential to their DID and creates their encrypted record store."
      registerPatient(input: RegisterPatientInput!): RegisteredPatient!
      "Adds a FHIR-shaped record (JSON) in a category: AllergyIntolerance, MedicationStatement, Condition, ImagingStudy, DocumentReference."
      addRecord(patientId: ID!, category: String!, resource: String!): RecordReceipt!
      "Stores a new version of a record."
      updateRecord(recordId: ID!, resource: String!): RecordReceipt!
      "Erases a patient's records on their signed request (action records.erase, target = patient id)."
      erasePatientRecords(patientId: ID!, request: String!): ErasureResult!
      reviewBreakGlass(id: ID!, note: String!): BreakGlassUse!
    }
  `,
  access: {
    'Query.patients': staffWith('HR', 'HOSPITAL_ADMIN', 'PRIVACY_OFFICER'),
    'Query.breakGlassUses': staffWith('PRIVACY_OFFICER'),
    'Mutation.registerPatient': staffWith('HR', 'HOSPITAL_ADMIN'),
    'Mutation.addRecord': staffWith('HOSPITAL_ADMIN'),
    'Mutation.updateRecord': staffWith('HOSPITAL_ADMIN'),
    'Mutation.erasePatientRecords': staffWith('HOSPITAL_ADMIN', 'PRIVACY_OFFICER'),
    'Mutation.reviewBreakGlass': staffWith('PRIVACY_OFFICER'),
  },
  resolvers: {
    Query: {
      patients: async (_r, args: { limit?: number | null; offset?: number | null }, ctx: GraphQLContext) =>
        (await listPatients(ctx.platform, { orgId: ctx.staff!.orgId, ...(args.limit ? { limit: args.limit } : {}), ...(args.offset ? { offset: args.offset } : {}) })).map(toPatient),
      breakGlassUses: async (_r, args: { pendingOnly?: boolean | null; limit?: number | null }, ctx: GraphQLContext) =>
        (await listBreakGlassUses(ctx.platform.db, { orgId: ctx.staff!.orgId, pendingOnly: args.pendingOnly ?? false, ...(args.limit ? { limit: args.limit } : {}) })).map(toUse),
    },
    Mutation: {
      registerPatient: async (_r, { input }: { input: Record<string, string | null> }, ctx: GraphQLContext) => {
        const { validUntil, ...rest } = input
        const { patient, credential, profile } = await registerPatient(ctx.platform, {
          orgId: ctx.staff!.orgId,
          actor: { actorType: 'STAFF', actor: ctx.staff!.accountId },
          input: { ...(rest as { subjectDid: string; name: string; birthDate: string; medicalRecordNumber: string }), ...(validUntil ? { validUntil } : {}) },
        })
        const summary = { id: patient.id, did: patient.did, profile, identityCredentialId: patient.identityCredentialId, registeredAt: patient.createdAt, erasedAt: null, recordCount: 0 }
        return { patient: toPatient(summary), identityCredential: credential.jwt }
      },
      addRecord: async (_r, args: { patientId: string; category: string; resource: string }, ctx: GraphQLContext) =>
        toReceipt(await addRecord(ctx.platform, { orgId: ctx.staff!.orgId, actor: { actorType: 'STAFF', actor: ctx.staff!.accountId }, ...args })),
      updateRecord: async (_r, args: { recordId: string; resource: string }, ctx: GraphQLContext) =>
        toReceipt(await updateRecord(ctx.platform, { orgId: ctx.staff!.orgId, actor: { actorType: 'STAFF', actor: ctx.staff!.accountId }, ...args })),
      erasePatientRecords: async (_r, args: { patientId: string; request: string }, ctx: GraphQLContext) =>
        toErasure(await erasePatientRecords(ctx.platform, { request: args.request, by: { kind: 'staff', orgId: ctx.staff!.orgId, accountId: ctx.staff!.accountId, patientId: args.patientId } })),
      reviewBreakGlass: async (_r, args: { id: string; note: string }, ctx: GraphQLContext) =>
        toUse(await reviewBreakGlass(ctx.platform.db, { orgId: ctx.staff!.orgId, accountId: ctx.staff!.accountId, id: args.id, note: args.note })),
    },
  },
}

function toPatient(p: Awaited<ReturnType<typeof listPatients>>[number]) {
  return {
    id: p.id,
    did: p.did,
    name: p.profile?.name ?? null,
    birthDate: p.profile?.birthDate ?? null,
    medicalRecordNumber: p.profile?.medicalRecordNumber ?? null,
    identityCredentialId: p.identityCredentialId,
    registeredAt: p.registeredAt.toISOString(),
    erasedAt: p.erasedAt?.toISOString() ?? null,
    recordCount: p.recordCount,
  }
}

function toReceipt(r: { id: string; patientId: string; category: string; resourceType: string; version: number; contentHash: string; updatedAt: Date }) {
  return { id: r.id, patientId: r.patientId, category: r.category, resourceType: r.resourceType, version: r.version, contentHash: r.contentHash, updatedAt: r.updatedAt.toISOString() }
}

function toUse(u: { id: string; patientId: string; clinicianDid: string; clinicianName: string; reason: string; categories: string; openedAt: Date; expiresAt: Date; reviewedAt: Date | null; reviewedBy: string | null; reviewNote: string | null }) {
  return {
    ...u,
    categories: parseCategories(u.categories),
    openedAt: u.openedAt.toISOString(),
    expiresAt: u.expiresAt.toISOString(),
    reviewedAt: u.reviewedAt?.toISOString() ?? null,
  }
}
