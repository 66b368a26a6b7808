/**
 * Splits CSV text into records, once the delimiter and line break are known (guessed from the
 * start of the text, as papaparse's stream mode does). Used on the server's thread for the start
 * of a CSV and in the CSV worker thread for the rest (csv-table.ts).
 *
 * Text without a quote character is split at the delimiters and line breaks with indexOf, which
 * is what papaparse does for such text too (its "fast mode", with String.split) at about half the
 * speed; text with quotes goes through papaparse's full parser. Neither goes through papaparse's
 * Node stream mode: that mode hands rows on through a 16-row object stream and, each time that
 * fills, polls for room with a 3 ms timer — about 40 times slower than the parser itself.
 */
import Papa from 'papaparse';

/** Text looked at to guess the delimiter and line break, as papaparse's stream mode does. */
export const GUESS_CHARS = 64 * 1024;

/** What a parser needs to know of a CSV: enough to go on parsing it on another thread. */
export interface CsvDialect {
  delimiter: string;
  newline: string;
}

export class CsvParser {
  private readonly papa: Papa.Parser;

  constructor(readonly dialect: CsvDialect) {
    this.papa = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline as Papa.ParseConfig['newline'] });
  }

  /**
   * The records of `text` without blank ones, and where the unparsed rest starts: unless
   * `final`, the last line is left unparsed (it may be incomplete).
   */
  parse(text: string, final: boolean): { records: string[][]; cursor: number } {
    if (text.includes('"')) {
      const parsed = this.papa.parse(text, 0, !final) as Papa.ParseResult<string[]>;
      return { records: withoutBlankRecords(parsed.data), cursor: parsed.meta.cursor };
    }
    const { delimiter, newline } = this.dialect;
    const records: string[][] = [];
    let lineStart = 0;
    for (;;) {
      let lineEnd = text.indexOf(newline, lineStart);
      if (lineEnd < 0) {
        if (!final) return { records, cursor: lineStart };
        lineEnd = text.length;
      }
      if (lineEnd > lineStart) {
        const record: string[] = [];
        let fieldStart = lineStart;
        for (;;) {
          const fieldEnd = text.indexOf(delimiter, fieldStart);
          if (fieldEnd < 0 || fieldEnd >= lineEnd) {
            record.push(text.slice(fieldStart, lineEnd));
            break;
          }
          record.push(text.slice(fieldStart, fieldEnd));
          fieldStart = fieldEnd + delimiter.length;
        }
        records.push(record);
      }
      if (lineEnd === text.length) return { records, cursor: lineEnd };
      lineStart = lineEnd + newline.length;
    }
  }
}

/** A parser for the delimiter and line break the start of the text uses; the text without a BOM. */
export function guessedParser(start: string): [CsvParser, string] {
  const text = start.replace(/^\uFEFF/, '');
  const { meta } = Papa.parse<string[]>(text.slice(0, GUESS_CHARS), { preview: 10 });
  // As papaparse's Parser would take them: an unusable delimiter is a comma, a line break \n.
  const delimiter = typeof meta.delimiter === 'string' && meta.delimiter !== '' && !Papa.BAD_DELIMITERS.includes(meta.delimiter) ? meta.delimiter : ',';
  const newline = ['\n', '\r', '\r\n'].includes(meta.linebreak) ? meta.linebreak : '\n';
  return [new CsvParser({ delimiter, newline }), text];
}

function withoutBlankRecords(records: string[][]): string[][] {
  return records.some(isBlank) ? records.filter((record) => !isBlank(record)) : records;
}

function isBlank(record: string[]): boolean {
  return record.length === 1 && record[0] === '';
}
