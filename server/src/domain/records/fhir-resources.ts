/**
 * The FHIR-shaped resource each record category holds, and the checks a resource must pass before it is
 * stored: the right resourceType for its category and the elements a reader relies on (a coded or textual
 * concept, a status). Other FHIR elements are kept as given. Size and JSON shape (no duplicate keys, bounded
 * depth) are checked before this.
 */
import { z } from 'zod'
import type { RecordCategory } from '../credentials/credential-types.js'

export const MAX_RECORD_BYTES = 64 * 1024

export const RESOURCE_TYPE_BY_CATEGORY = {
  allergies: 'AllergyIntolerance',
  medications: 'MedicationStatement',
  conditions: 'Condition',
  imaging: 'ImagingStudy',
  notes: 'DocumentReference',
} as const satisfies Record<RecordCategory, string>

const text = z.string().trim().min(1).max(2000)
const Coding = z.object({ system: z.string().max(500).optional(), code: z.string().max(200).optional(), display: z.string().max(500).optional() }).loose()
const CodeableConcept = z
  .object({ coding: z.array(Coding).max(20).optional(), text: text.optional() })
  .loose()
  .refine((c) => (c.coding?.length ?? 0) > 0 || c.text !== undefined, 'needs coding or text')
const dateTime = z.string().regex(/^\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?$/, 'must be a FHIR date or dateTime')

const AllergyIntolerance = z
  .object({
    resourceType: z.literal('AllergyIntolerance'),
    code: CodeableConcept,
    clinicalStatus: CodeableConcept.optional(),
    criticality: z.enum(['low', 'high', 'unable-to-assess']).optional(),
    reaction: z.array(z.object({ manifestation: z.array(CodeableConcept).min(1).max(20) }).loose()).max(20).optional(),
    recordedDate: dateTime.optional(),
  })
  .loose()

const MedicationStatement = z
  .object({
    resourceType: z.literal('MedicationStatement'),
    status: z.enum(['active', 'completed', 'entered-in-error', 'intended', 'stopped', 'on-hold', 'unknown', 'not-taken']),
    medicationCodeableConcept: CodeableConcept,
    dosage: z.array(z.object({ text: text.optional() }).loose()).max(20).optional(),
    effectiveDateTime: dateTime.optional(),
  })
  .loose()

const Condition = z
  .object({
    resourceType: z.literal('Condition'),
    code: CodeableConcept,
    clinicalStatus: CodeableConcept.optional(),
    onsetDateTime: dateTime.optional(),
  })
  .loose()

const ImagingStudy = z
  .object({
    resourceType: z.literal('ImagingStudy'),
    status: z.enum(['registered', 'available', 'cancelled', 'entered-in-error', 'unknown']),
    modality: z.array(Coding).max(20).optional(),
    description: text.optional(),
    started: dateTime.optional(),
  })
  .loose()

const DocumentReference = z
  .object({
    resourceType: z.literal('DocumentReference'),
    status: z.enum(['current', 'superseded', 'entered-in-error']),
    description: text.optional(),
    date: z.string().max(40).optional(),
    content: z
      .array(z.object({ attachment: z.object({ contentType: z.string().max(100).optional(), data: z.string().optional(), title: z.string().max(500).optional() }).loose() }).loose())
      .min(1)
      .max(10),
  })
  .loose()

export const RESOURCE_SCHEMAS: Record<RecordCategory, z.ZodType<Record<string, unknown>>> = {
  allergies: AllergyIntolerance,
  medications: MedicationStatement,
  conditions: Condition,
  imaging: ImagingStudy,
  notes: DocumentReference,
}
