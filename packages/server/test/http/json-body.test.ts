/**
 * A request body that is not JSON is answered with where the problem is — found by parsing
 * prefixes when V8 does not say — except in a long body, where that search would make a bad
 * request cost many times a good one.
 */
import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../src/http/json-body.js';

const refusal = (text: string) => {
  try {
    parseJsonBody(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the body was accepted');
};

describe('a body that is not JSON', () => {
  it('a short one is searched for where V8 does not say', () => {
    expect(refusal(`{"targets": [${'1,'.repeat(1_000)}]}`)).toMatch(/^the request body is not valid JSON: Unexpected token '\]'.* at line 1, column 2014, near "1,1,1,1,1,1,1,1,1,1,\]\}"; the body starts with /);
  });

  it('a long one is not', () => {
    expect(refusal(`{"targets": [${'1,'.repeat(40_000)}]}`)).toMatch(/^the request body is not valid JSON: Unexpected token '\]'; the body starts with "\{\\"targets\\": \[1,1,1,/);
  });

  it('valid JSON is read as it is', () => {
    expect(parseJsonBody('{"targets": [{"refId": "A"}]}')).toEqual({ targets: [{ refId: 'A' }] });
  });
});
