import { describe, expect, it } from 'vitest'
import type { AppError } from '../../errors.js'
import { formatImportErrorsCsv, licenseRequestOf, readLicenseFile, type LicenseCsvRow } from './license-csv.js'
import { CsvSyntaxError, CsvTooManyRowsError, parseCsv } from './parse-csv.js'

describe('RFC 4180 CSV reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, and drops a BOM', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",\n3,,"" \n'.replace(' \n', '\n')
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { row: 3, fields: ['2', 'two\r\nlines', ''] },
      { row: 4, fields: ['3', '', ''] },
    ])
  })

  it('numbers rows as a spreadsheet does: blank lines keep their number, a multi-line record is one row', () => {
    expect(parseCsv('h\n\n"a\nb"\nc').map((r) => [r.row, r.fields[0]])).toEqual([
      [1, 'h'],
      [3, 'a\nb'],
      [4, 'c'],
    ])
    expect(parseCsv('h\r\nlast-without-newline')).toEqual([
      { row: 1, fields: ['h'] },
      { row: 2, fields: ['last-without-newline'] },
    ])
    expect(parseCsv('')).toEqual([])
  })

  it('rejects what it would have to guess at, naming the row', () => {
    const error = (text: string) => {
      try {
        parseCsv(text)
      } catch (e) {
        return e as CsvSyntaxError
      }
      return undefined
    }
    expect(error('a,b\n1,"open\n2,3\n')).toMatchObject({ row: 2, message: expect.stringMatching(/not closed/) })
    expect(error('a,b\n1,2\n3,"x"y\n')).toMatchObject({ row: 3, message: expect.stringMatching(/after a closing quote/) })
    expect(error('a,b\n1,ab"c\n')).toMatchObject({ row: 2, message: expect.stringMatching(/quote inside an unquoted field/) })
    expect(() => parseCsv('a\n1\n2\n3\n', { maxRecords: 3 })).toThrow(CsvTooManyRowsError)
  })
})

describe('licence file', () => {
  const header = 'subjectDid,name,licenseType,licenseNumber,jurisdiction,specialty,npi,validUntil'
  const failure = (file: string | Buffer, limits?: { maxBytes: number; maxRows: number }) => {
    try {
      readLicenseFile(file, limits)
    } catch (e) {
      return e as AppError
    }
    throw new Error('expected an error')
  }

  it('names every missing, unknown or repeated column before anything else', () => {
    const e = failure('subjectDid,name,licenceType,licenseNumber,jurisdiction,specialty,npi,npi\nx\n')
    expect(e.code).toBe('VALIDATION_FAILED')
    expect(e.details?.fields).toEqual([
      { field: 'licenceType', message: expect.stringMatching(/^unknown column \(expected subjectDid, name, licenseType/) },
      { field: 'npi', message: 'column appears twice' },
      { field: 'licenseType', message: 'missing column' },
      { field: 'validUntil', message: 'missing column' },
    ])
    expect(e.message).toMatch(/header row does not match/)
  })

  it('accepts columns in any order and any case, with validFrom optional; rows keep their file row numbers', () => {
    const file = readLicenseFile(`VALIDUNTIL, npi ,specialty,jurisdiction,licenseNumber,licenseType,name,subjectDid,validFrom\r\n2030-01-01,1,2,3,4,5,6,7,\r\n\r\n1,2\r\n`)
    expect(file.rows).toEqual([
      { row: 2, values: { validUntil: '2030-01-01', npi: '1', specialty: '2', jurisdiction: '3', licenseNumber: '4', licenseType: '5', name: '6', subjectDid: '7', validFrom: '' } },
      expect.objectContaining({ row: 4, shapeError: 'has 2 fields; the header has 9' }),
    ])
  })

  it('hashes the text without its BOM, refuses non-UTF-8, empty and oversized files', () => {
    const body = `${header}\n1,2,3,4,5,6,7,8\n`
    expect(readLicenseFile(Buffer.from(`\uFEFF${body}`)).fileHash).toBe(readLicenseFile(body).fileHash)
    expect(failure(Buffer.from([0x68, 0xff, 0x0a])).details?.fields).toEqual([{ field: '(file)', message: 'not UTF-8 text' }])
    expect(failure('').message).toMatch(/header row is required/)
    expect(failure(`${header}\n`).message).toMatch(/no rows/)
    expect(failure(body, { maxBytes: 10, maxRows: 10 }).code).toBe('PAYLOAD_TOO_LARGE')
    expect(failure(`${header}\n1\n2\n3\n`, { maxBytes: 1000, maxRows: 2 }).code).toBe('PAYLOAD_TOO_LARGE')
    expect(failure(`${header}\n1,"2\n`).message).toMatch(/not valid CSV: row 2: a quoted field is not closed/)
  })

  it('takes ISO 8601 dates that exist, and leaves every other check to the issuance rules', () => {
    const row = (validUntil: string, validFrom = ''): LicenseCsvRow => ({
      row: 7,
      values: { subjectDid: 'did:x', name: 'N', licenseType: 'MD', licenseNumber: 'A1', jurisdiction: 'US-CA', specialty: 'S', npi: '1', validFrom, validUntil },
    })
    for (const good of ['2030-12-31', '2030-12-31T10:00:00Z', '2030-12-31T10:00+02:00', '2030-12-31T10:00:00.123Z']) {
      expect(licenseRequestOf(row(good))).toMatchObject({ ok: true, request: { validUntil: good } })
    }
    expect(licenseRequestOf(row('2030-12-31'))).toEqual({
      ok: true,
      request: { type: 'ClinicianLicenseCredential', subjectDid: 'did:x', claims: { name: 'N', licenseType: 'MD', licenseNumber: 'A1', jurisdiction: 'US-CA', specialty: 'S', npi: '1' }, validUntil: '2030-12-31' },
    })
    for (const bad of ['31/12/2030', '2030-02-30', '2030-12-31T25:00Z', '2030-12-31 10:00', 'tomorrow']) {
      expect(licenseRequestOf(row(bad))).toEqual({ ok: false, errors: [{ row: 7, field: 'validUntil', reason: expect.stringMatching(/^must be an ISO 8601 date/) }] })
    }
    expect(licenseRequestOf(row(''))).toEqual({ ok: false, errors: [{ row: 7, field: 'validUntil', reason: 'is required' }] })
    expect(licenseRequestOf(row('2030-12-31', '2030-13-01'))).toMatchObject({ ok: false, errors: [{ field: 'validFrom' }] })
  })

  it('writes the error report as spreadsheet-safe CSV', () => {
    expect(formatImportErrorsCsv([{ row: 3, field: 'npi', reason: 'must be "valid", really' }, { row: 4, field: 'name', reason: '=cmd()' }])).toBe(
      'row,field,reason\r\n3,npi,"must be ""valid"", really"\r\n4,name,\'=cmd()\r\n',
    )
  })
})
