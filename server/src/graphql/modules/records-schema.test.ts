/**
 * Records and personal data are reachable only through root fields that run the gate: no type has a field
 * leading into records (so nested-relation queries cannot get there), and every root field of the records
 * modules but the challenge and sign-ins requires a session.
 */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { allAccessRules, buildSchema } from '../schema.js'
import { clinicianModule } from './clinician.js'
import { patientModule } from './patient.js'
import { recordsAccessModule } from './records-access.js'
import { recordsStaffModule } from './records-staff.js'

// The schema is built by graphql-tools with the CommonJS build of graphql: validate with that same instance.
const { getNamedType, isObjectType, parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql')

const RECORD_TYPES = new Set(['ClinicalRecord', 'PatientRecords', 'BreakGlassAccess'])
const PERSONAL_TYPES = new Set([...RECORD_TYPES, 'PatientSummary', 'RegisteredPatient', 'ConsentedPatient', 'AccessLogEntry', 'Consent', 'BreakGlassUse', 'PatientSessionInfo'])

describe('records in the GraphQL schema', () => {
  const schema = buildSchema()
  const rules = allAccessRules()

  it('leads to records only from the gated root fields', () => {
    const edges: string[] = []
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue
      for (const field of Object.values(type.getFields())) {
        if (RECORD_TYPES.has(getNamedType(field.type).name)) edges.push(`${type.name}.${field.name}`)
      }
    }
    expect(edges.sort()).toEqual(['BreakGlassAccess.records', 'Mutation.openBreakGlass', 'PatientRecords.records', 'Query.myRecords', 'Query.patientRecords'])
    expect(rules['Query.patientRecords']).toEqual({ kind: 'clinician' })
    expect(rules['Mutation.openBreakGlass']).toEqual({ kind: 'clinician' })
    expect(rules['Query.myRecords']).toEqual({ kind: 'patient' })
  })

  it('requires a session for every root field returning personal data, and for every records field but challenge and sign-in', () => {
    const personalButPublic = [schema.getQueryType()!, schema.getMutationType()!]
      .flatMap((root) => Object.values(root.getFields()).map((field) => ({ name: `${root.name}.${field.name}`, type: getNamedType(field.type).name })))
      .filter((f) => PERSONAL_TYPES.has(f.type) && rules[f.name]?.kind !== 'clinician' && rules[f.name]?.kind !== 'patient' && rules[f.name]?.kind !== 'staff')
    expect(personalButPublic).toEqual([])
    const mine = [recordsAccessModule, recordsStaffModule, clinicianModule, patientModule].flatMap((m) => Object.entries(m.access))
    const publicFields = mine.filter(([, rule]) => rule.kind === 'public').map(([name]) => name)
    expect(publicFields.sort()).toEqual(['Mutation.createAccessChallenge', 'Mutation.signInClinician', 'Mutation.signInPatient'])
  })

  it('refuses queries that try to reach records through nested relations', () => {
    for (const query of [
      '{ consentedPatients { consents { records { id } } } }',
      '{ consentedPatients { records { resource } } }',
      '{ patients { records { resource } } }',
      '{ myConsents { patient { records { id } } } }',
      '{ breakGlassUses { patient { id } records { id } } }',
      '{ myAccessLog { records { resource } } }',
      '{ patientRecords(patientId: "x") { patient { records { id } } } }',
    ]) {
      expect(validate(schema, parse(query)).length, query).toBeGreaterThan(0)
    }
  })
})
