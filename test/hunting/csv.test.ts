// A hunt's CSV: RFC 4180 quoting, every column and row, and no cell a spreadsheet would run as a formula.
import { describe, expect, it } from 'vitest';
import { huntCsv } from '../../src/commands/handlers/hunt-csv.js';

describe('huntCsv', () => {
  it('writes a header and every row, quoting commas, quotes and line breaks', () => {
    const csv = huntCsv({
      columns: [
        { name: 'Name', type: 'String' },
        { name: 'Count', type: 'Int64' },
        { name: 'Note', type: 'String' },
      ],
      rows: [
        { Name: 'web-07', Count: 3, Note: 'a, "quoted"\nline' },
        { Name: 'db-1', Count: null, Note: true },
      ],
    });
    expect(csv).toBe('Name,Count,Note\r\nweb-07,3,"a, ""quoted""\nline"\r\ndb-1,,true\r\n');
  });

  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tx'])(
    'defuses %j so a spreadsheet reads it as text',
    (value) => {
      const line = huntCsv({ columns: [{ name: 'C', type: 'String' }], rows: [{ C: value }] }).split(
        '\r\n',
      )[1]!;
      expect(line.replace(/^"/, '').startsWith("'")).toBe(true);
    },
  );
});
