/**
 * A FHIR resource (AllergyIntolerance, MedicationStatement, Condition, ImagingStudy, DocumentReference) as a
 * title and a few lines a clinician or patient reads at a glance — never the raw JSON.
 */

export interface RecordSummary {
  title: string
  lines: string[]
}

type Json = Record<string, unknown>

function obj(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {}
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj) : []
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

function codeable(value: unknown): string | undefined {
  const c = obj(value)
  return text(c.text) ?? text(list(c.coding)[0]?.display)
}

function date(value: unknown): string | undefined {
  const t = text(value)
  if (!t) return undefined
  const d = new Date(t)
  return Number.isNaN(d.getTime()) ? t : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
}

function decodeAttachment(attachment: Json): string | undefined {
  const type = text(attachment.contentType) ?? ''
  const data = text(attachment.data)
  if (!data || !type.startsWith('text/')) return undefined
  try {
    const binary = atob(data)
    return new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))).slice(0, 2000)
  } catch {
    return undefined
  }
}

export function summarizeRecord(resourceJson: string): RecordSummary {
  let r: Json
  try {
    r = obj(JSON.parse(resourceJson))
  } catch {
    return { title: 'Record', lines: ['This record could not be displayed.'] }
  }
  const lines: string[] = []
  const push = (label: string, value: string | undefined) => {
    if (value) lines.push(`${label}: ${value}`)
  }
  switch (r.resourceType) {
    case 'AllergyIntolerance': {
      push('Risk', text(r.criticality) === 'high' ? 'High' : text(r.criticality) === 'low' ? 'Low' : text(r.criticality))
      const reactions = list(r.reaction).flatMap((x) => list(x.manifestation).map(codeable)).filter(Boolean)
      push('Reaction', reactions.join(', ') || undefined)
      push('Recorded', date(r.recordedDate))
      return { title: codeable(r.code) ?? 'Allergy', lines }
    }
    case 'MedicationStatement':
      push('Dosage', text(list(r.dosage)[0]?.text))
      push('Status', text(r.status))
      return { title: codeable(r.medicationCodeableConcept) ?? 'Medication', lines }
    case 'Condition':
      push('Since', date(r.onsetDateTime))
      return { title: codeable(r.code) ?? 'Condition', lines }
    case 'ImagingStudy':
      push('Modality', list(r.modality).map((m) => text(m.display) ?? text(m.code)).filter(Boolean).join(', ') || undefined)
      push('Date', date(r.started))
      return { title: text(r.description) ?? 'Imaging study', lines }
    case 'DocumentReference': {
      push('Date', date(r.date))
      const attachment = obj(list(r.content)[0]?.attachment)
      const body = decodeAttachment(attachment)
      if (body) lines.push(body)
      return { title: text(r.description) ?? text(attachment.title) ?? 'Clinical note', lines }
    }
    default:
      return { title: text(r.resourceType) ?? 'Record', lines }
  }
}
