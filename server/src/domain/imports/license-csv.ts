/**
 * The licence import file: UTF-8 CSV (RFC 4180) with a header row naming these columns in any order:
 *   subjectDid, name, licenseType, licenseNumber, jurisdiction, specialty, npi, validUntil   (required)
 *   validFrom                                                                               (optional)
 * Dates are ISO 8601 (`2027-06-30` or `2027-06-30T00:00:00Z`); a date alone means 00:00 UTC, as in the
 * GraphQL and VC-API issuance. Everything that makes the whole file unusable (size, encoding, syntax, header,
 * row count) is an error before anything is written; everything about one row is that row's error.
 */
import crypto from 'node:crypto'
import { AppError, type FieldIssue } from '../../errors.js'
import { csvCell } from '../audit/export-audit.js'
import type { IssueRequest } from '../credentials/prepare-credential.js'
import { CsvSyntaxError, CsvTooManyRowsError, parseCsv } from './parse-csv.js'

export const LICENSE_CSV_REQUIRED = ['subjectDid', 'name', 'licenseType', 'licenseNumber', 'jurisdiction', 'specialty', 'npi', 'validUntil'] as const
export const LICENSE_CSV_OPTIONAL = ['validFrom'] as const
export const LICENSE_CSV_COLUMNS = [...LICENSE_CSV_REQUIRED, ...LICENSE_CSV_OPTIONAL] as const
export type LicenseCsvColumn = (typeof LICENSE_CSV_COLUMNS)[number]

export const LICENSE_IMPORT_LIMITS = {
  /** Bytes of the file. */
  maxBytes: 10 * 1024 * 1024,
  /** Data rows (the header not counted). */
  maxRows: 50_000,
}

/** One error in the import report: `row` as the file numbers it (the header is row 1). */
export interface ImportRowError {
  row: number
  field: string
  reason: string
}

/** A data row: its values by column (trimmed), or the reason it cannot be read as one. */
export interface LicenseCsvRow {
  row: number
  values: Record<LicenseCsvColumn, string>
  /** Set when the row does not have as many fields as the header. */
  shapeError?: string
}

export interface LicenseFile {
  /** SHA-256 (hex) of the file's text without a byte order mark: the same file finds the same import. */
  fileHash: string
  rows: LicenseCsvRow[]
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/
const DATE_FORMAT = 'must be an ISO 8601 date (YYYY-MM-DD) or date-time, and a real calendar date'

/** ISO 8601 and a real date: `Date` would quietly read 2027-02-30 as 2 March. */
function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) return false
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * Decodes, parses and checks a licence file as a whole. Throws PAYLOAD_TOO_LARGE (size, row count) or
 * VALIDATION_FAILED (encoding, CSV syntax, header: `details.fields` names each missing or unknown column).
 */
export function readLicenseFile(file: Buffer | string, limits = LICENSE_IMPORT_LIMITS): LicenseFile {
  const bytes = typeof file === 'string' ? Buffer.byteLength(file, 'utf8') : file.byteLength
  if (bytes > limits.maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The file is ${bytes} bytes; at most ${limits.maxBytes} bytes (${Math.round(limits.maxBytes / 1024 / 1024)} MB)`)
  }
  let text: string
  if (typeof file === 'string') {
    text = file
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file)
    } catch {
      throw new AppError('VALIDATION_FAILED', 'The file is not UTF-8 text', { fields: [{ field: '(file)', message: 'not UTF-8 text' }] })
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const fileHash = crypto.createHash('sha256').update(text, 'utf8').digest('hex')

  let records
  try {
    records = parseCsv(text, { maxRecords: limits.maxRows + 1 })
  } catch (error) {
    if (error instanceof CsvTooManyRowsError) throw new AppError('PAYLOAD_TOO_LARGE', `The file has more than ${limits.maxRows} rows; split it into several imports`)
    if (error instanceof CsvSyntaxError) {
      throw new AppError('VALIDATION_FAILED', `The file is not valid CSV: ${error.message}`, { fields: [{ field: '(file)', message: error.message }], row: error.row })
    }
    throw error
  }
  const [header, ...data] = records
  if (!header) throw new AppError('VALIDATION_FAILED', 'The file is empty: a header row is required', { fields: [{ field: '(header)', message: 'missing' }] })
  const columns = readHeader(header.fields)
  if (data.length === 0) throw new AppError('VALIDATION_FAILED', 'The file has a header but no rows', { fields: [{ field: '(file)', message: 'no rows' }] })

  const rows = data.map((record): LicenseCsvRow => {
    const values = Object.fromEntries(LICENSE_CSV_COLUMNS.map((c) => [c, ''])) as Record<LicenseCsvColumn, string>
    columns.forEach((column, i) => {
      values[column] = (record.fields[i] ?? '').trim()
    })
    return record.fields.length === columns.length
      ? { row: record.row, values }
      : { row: record.row, values, shapeError: `has ${record.fields.length} fields; the header has ${columns.length}` }
  })
  return { fileHash, rows }
}

function readHeader(names: string[]): LicenseCsvColumn[] {
  const byLowerName = new Map<string, LicenseCsvColumn>(LICENSE_CSV_COLUMNS.map((c) => [c.toLowerCase(), c]))
  const fields: FieldIssue[] = []
  const seen = new Set<LicenseCsvColumn>()
  const columns: LicenseCsvColumn[] = []
  for (const raw of names) {
    const name = raw.trim()
    const column = byLowerName.get(name.toLowerCase())
    if (!column) fields.push({ field: name || '(empty)', message: `unknown column (expected ${LICENSE_CSV_COLUMNS.join(', ')})` })
    else if (seen.has(column)) fields.push({ field: column, message: 'column appears twice' })
    else seen.add(column)
    if (column) columns.push(column)
  }
  for (const column of LICENSE_CSV_REQUIRED) if (!seen.has(column)) fields.push({ field: column, message: 'missing column' })
  if (fields.length > 0) {
    throw new AppError('VALIDATION_FAILED', `The header row does not match: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields })
  }
  return columns
}

/** The issuance request a row stands for, or its date format errors (other checks are prepareCredential's). */
export function licenseRequestOf(row: LicenseCsvRow): { ok: true; request: IssueRequest } | { ok: false; errors: ImportRowError[] } {
  const v = row.values
  if (row.shapeError) return { ok: false, errors: [{ row: row.row, field: '(row)', reason: row.shapeError }] }
  const errors: ImportRowError[] = []
  if (v.validFrom && !isIsoDate(v.validFrom)) errors.push({ row: row.row, field: 'validFrom', reason: DATE_FORMAT })
  if (!isIsoDate(v.validUntil)) errors.push({ row: row.row, field: 'validUntil', reason: v.validUntil ? DATE_FORMAT : 'is required' })
  if (errors.length > 0) return { ok: false, errors }
  return {
    ok: true,
    request: {
      type: 'ClinicianLicenseCredential',
      subjectDid: v.subjectDid,
      claims: { name: v.name, licenseType: v.licenseType, licenseNumber: v.licenseNumber, jurisdiction: v.jurisdiction, specialty: v.specialty, npi: v.npi },
      ...(v.validFrom ? { validFrom: v.validFrom } : {}),
      validUntil: v.validUntil,
    },
  }
}

/** The supersession key a row will have (jurisdiction:number, as prepareCredential normalises them). */
export function licenseKeyOf(row: LicenseCsvRow): string | undefined {
  const jurisdiction = row.values.jurisdiction.trim().toUpperCase()
  const number = row.values.licenseNumber.trim().toUpperCase()
  return jurisdiction && number ? `${jurisdiction}:${number}` : undefined
}

/** The downloadable error report: `row,field,reason`, one line per error (spreadsheet-safe cells). */
export function formatImportErrorsCsv(errors: ImportRowError[]): string {
  return `row,field,reason\r\n${errors.map((e) => `${e.row},${csvCell(e.field)},${csvCell(e.reason)}\r\n`).join('')}`
}
