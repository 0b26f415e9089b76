// A RunScript result read defensively: MDE's documented JSON (with odd field types), plain text, and a
// ZIP or other binary that is reported rather than shown.
import { describe, expect, it } from 'vitest';
import { parseScriptResult } from '../../src/defender/index.js';

const parse = (text: string | Buffer) => parseScriptResult(Buffer.isBuffer(text) ? text : Buffer.from(text));

describe('parseScriptResult', () => {
  it('reads the documented JSON', () => {
    expect(
      parse('{"script_name":"a.ps1","exit_code":0,"script_output":"hello\\n","script_errors":""}'),
    ).toEqual({ scriptName: 'a.ps1', exitCode: 0, output: 'hello\n', errors: '', format: 'json' });
  });
  it('copes with a BOM, a string exit code, missing and non-string fields', () => {
    expect(parse('\uFEFF{"exit_code":"3","script_output":["x"],"script_errors":null}')).toEqual({
      scriptName: undefined,
      exitCode: 3,
      output: '["x"]',
      errors: '',
      format: 'json',
    });
  });
  it('shows plain text as the output', () => {
    expect(parse('just text')).toMatchObject({ output: 'just text', format: 'text' });
  });
  it('reports a ZIP or binary as unreadable instead of showing it', () => {
    expect(parse(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toMatchObject({
      output: '',
      format: 'unreadable',
    });
    expect(parse(Buffer.from([0x41, 0x00, 0x42]))).toMatchObject({ format: 'unreadable' });
  });
});
