/**
 * A small RFC 4180 CSV reader: comma-separated fields, records ended by CRLF (LF or a lone CR accepted too),
 * fields in double quotes may hold commas, line breaks and doubled quotes (`""`). A UTF-8 byte order mark
 * is dropped. It is strict where being lenient would guess: a quote inside an unquoted field, text after a
 * closing quote or an unterminated quoted field is a syntax error naming its row, and nothing is returned.
 *
 * Rows are numbered as a spreadsheet shows them: the first record is row 1, and blank lines keep their number
 * (they are skipped, not returned). A record spanning several lines is one row.
 */

export interface CsvRecord {
  /** 1-based record number in the file (the header, when there is one, is row 1). */
  row: number
  fields: string[]
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(`row ${row}: ${message}`)
    this.name = 'CsvSyntaxError'
  }
}

export class CsvTooManyRowsError extends Error {
  constructor(readonly maxRecords: number) {
    super(`more than ${maxRecords} rows`)
    this.name = 'CsvTooManyRowsError'
  }
}

const QUOTE = 34 // "
const COMMA = 44 // ,
const CR = 13
const LF = 10

export function parseCsv(text: string, options: { maxRecords?: number } = {}): CsvRecord[] {
  const maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY
  const records: CsvRecord[] = []
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const end = text.length
  let row = 1
  let i = start

  while (i < end) {
    const recordRow = row
    const fields: string[] = []
    let blank = true
    // One record: fields until an unquoted line break or the end of the text.
    for (;;) {
      let value: string
      if (i < end && text.charCodeAt(i) === QUOTE) {
        blank = false
        i++
        let chunkStart = i
        let quoted = ''
        for (;;) {
          const q = text.indexOf('"', i)
          if (q === -1) throw new CsvSyntaxError(recordRow, 'a quoted field is not closed')
          if (text.charCodeAt(q + 1) === QUOTE) {
            quoted += text.slice(chunkStart, q + 1)
            i = q + 2
            chunkStart = i
            continue
          }
          quoted += text.slice(chunkStart, q)
          i = q + 1
          break
        }
        const next = i < end ? text.charCodeAt(i) : -1
        if (next !== -1 && next !== COMMA && next !== CR && next !== LF) {
          throw new CsvSyntaxError(recordRow, 'unexpected text after a closing quote (double a quote inside a quoted field: "")')
        }
        value = quoted
      } else {
        const fieldStart = i
        while (i < end) {
          const c = text.charCodeAt(i)
          if (c === COMMA || c === CR || c === LF) break
          if (c === QUOTE) throw new CsvSyntaxError(recordRow, 'a quote inside an unquoted field (quote the whole field and double the quote: "a ""b""")')
          i++
        }
        value = text.slice(fieldStart, i)
        if (value.length > 0) blank = false
      }
      fields.push(value)
      if (i < end && text.charCodeAt(i) === COMMA) {
        blank = false
        i++
        continue
      }
      break
    }
    // End of record: CRLF, LF or a lone CR.
    if (i < end && text.charCodeAt(i) === CR) i++
    if (i < end && text.charCodeAt(i) === LF) i++
    row++
    if (blank) continue
    if (records.length >= maxRecords) throw new CsvTooManyRowsError(maxRecords)
    records.push({ row: recordRow, fields })
  }
  return records
}
