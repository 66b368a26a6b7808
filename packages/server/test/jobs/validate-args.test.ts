/**
 * Argument specs as the executors that need them see them: SQL text spans lines; values handed to
 * a program must not pass for options.
 */
import { describe, expect, it } from 'vitest';
import type { ArgumentSpec } from '../../src/jobs/argument-spec.js';
import { validateArgs, type ArgumentRules } from '../../src/jobs/validate-args.js';

function jobWith(spec: Partial<ArgumentSpec>, argumentsReachCommandLine = false): ArgumentRules {
  return {
    name: 'j',
    argumentSpecs: { text: { type: 'string', required: false, multiple: false, maxLength: 1000, ...spec } },
    fixedArgs: {},
    argumentsReachCommandLine,
  };
}

describe('multiline strings', () => {
  it('accept line breaks and tabs only where the spec says multiline', () => {
    const sql = 'select *\n\tfrom t\r\nwhere a = 1';
    expect(validateArgs(jobWith({ multiline: true }), { text: sql })).toEqual({ text: sql });
    expect(() => validateArgs(jobWith({}), { text: sql })).toThrow('argument "text" must not contain control characters');
  });

  it('still refuse NUL and other control characters', () => {
    expect(() => validateArgs(jobWith({ multiline: true }), { text: 'a\u0000b' })).toThrow('control characters other than line breaks and tabs');
    expect(() => validateArgs(jobWith({ multiline: true }), { text: 'a\u001bb' })).toThrow('control characters other than line breaks and tabs');
  });
});

describe('values that reach a command line', () => {
  it('refuse a leading "-" unless the spec allows it', () => {
    expect(() => validateArgs(jobWith({}, true), { text: '--output=/etc/passwd' })).toThrow('must not start with "-"');
    expect(validateArgs(jobWith({ allowLeadingDash: true }, true), { text: '-5' })).toEqual({ text: '-5' });
    expect(validateArgs(jobWith({}, false), { text: '-5' })).toEqual({ text: '-5' });
  });
});
