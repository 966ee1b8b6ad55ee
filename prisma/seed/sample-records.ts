/**
 * FHIR-shaped sample records per category (AllergyIntolerance, MedicationStatement, Condition, ImagingStudy,
 * DocumentReference), for the demo patients and for tests. Content is illustrative, not clinical advice.
 */
import type { RecordCategory } from '../../server/src/domain/credentials/credential-types.js'

export type SampleRecords = Record<RecordCategory, Array<Record<string, unknown>>>

const coded = (system: string, code: string, display: string) => ({ coding: [{ system, code, display }], text: display })
const SNOMED = 'http://snomed.info/sct'
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm'

export function sampleRecords(variant: 'a' | 'b' = 'a'): SampleRecords {
  if (variant === 'b') {
    return {
      allergies: [{ resourceType: 'AllergyIntolerance', code: coded(SNOMED, '227493005', 'Cashew nuts'), criticality: 'high', reaction: [{ manifestation: [{ text: 'Anaphylaxis' }] }], recordedDate: '2019-06-02' }],
      medications: [
        { resourceType: 'MedicationStatement', status: 'active', medicationCodeableConcept: coded(RXNORM, '860975', 'Metformin 500 MG Oral Tablet'), dosage: [{ text: '500 mg twice daily' }] },
        { resourceType: 'MedicationStatement', status: 'active', medicationCodeableConcept: coded(RXNORM, '314076', 'Lisinopril 10 MG Oral Tablet'), dosage: [{ text: '10 mg once daily' }] },
      ],
      conditions: [
        { resourceType: 'Condition', code: coded(SNOMED, '44054006', 'Type 2 diabetes mellitus'), onsetDateTime: '2016-03-14' },
        { resourceType: 'Condition', code: coded(SNOMED, '38341003', 'Hypertension'), onsetDateTime: '2018-09-01' },
      ],
      imaging: [{ resourceType: 'ImagingStudy', status: 'available', modality: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'US', display: 'Ultrasound' }], description: 'Abdominal ultrasound', started: '2024-01-22' }],
      notes: [{ resourceType: 'DocumentReference', status: 'current', description: 'Diabetes clinic follow-up', date: '2025-05-10', content: [{ attachment: { contentType: 'text/plain', title: 'Clinic note', data: Buffer.from('HbA1c 7.1%. Continue metformin; diet counselling.').toString('base64') } }] }],
    }
  }
  return {
    allergies: [
      { resourceType: 'AllergyIntolerance', code: coded(SNOMED, '373270004', 'Penicillin'), criticality: 'high', reaction: [{ manifestation: [{ text: 'Hives' }] }], recordedDate: '2015-04-11' },
      { resourceType: 'AllergyIntolerance', code: coded(SNOMED, '256349002', 'Peanut'), criticality: 'low', recordedDate: '2012-08-30' },
    ],
    medications: [{ resourceType: 'MedicationStatement', status: 'active', medicationCodeableConcept: coded(RXNORM, '745679', 'Albuterol 0.09 MG/ACTUAT inhaler'), dosage: [{ text: '2 puffs as needed' }] }],
    conditions: [{ resourceType: 'Condition', code: coded(SNOMED, '195967001', 'Asthma'), onsetDateTime: '2009-02-01' }],
    imaging: [{ resourceType: 'ImagingStudy', status: 'available', modality: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'DX', display: 'Digital Radiography' }], description: 'Chest X-ray, two views', started: '2023-11-05' }],
    notes: [{ resourceType: 'DocumentReference', status: 'current', description: 'Emergency visit note', date: '2023-11-05', content: [{ attachment: { contentType: 'text/plain', title: 'ED note', data: Buffer.from('Wheezing, responded to nebulised albuterol. Discharged.').toString('base64') } }] }],
  }
}
