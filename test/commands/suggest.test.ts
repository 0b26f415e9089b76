import { describe, expect, it } from 'vitest';
import { editDistance, suggestVerb } from '../../src/commands/index.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['isolate', 'isolate', 0],
    ['isolte', 'isolate', 1],
    ['isloate', 'isolate', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
  ])('%j vs %j = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('suggestVerb', () => {
  it.each([
    ['isolte', 'isolate'],
    ['ISOLTE', 'isolate'],
    ['isloate', 'isolate'],
    ['machien', 'machine'],
    ['alrts', 'alerts'],
    ['alret', 'alert'],
    ['asign', 'assign'],
    ['reslove', 'resolve'],
    ['sacn', 'scan'],
    ['hlp', 'help'],
    ['relase', 'release'],
    ['unrestirct', 'unrestrict'],
    ['subscibe', 'subscribe'],
    ['whoiam', 'whoami'],
    ['logn', 'login'],
    ['who', 'whoami'],
    ['stat', 'status'],
    ['hello', 'help'],
  ])('%j -> %j', (typed, verb) => {
    expect(suggestVerb(typed)).toBe(verb);
  });

  it.each(['', 'x', 'hi', 'frobnicate', 'unx', 'a'.repeat(500), 'delete'])(
    'no suggestion for %j',
    (typed) => {
      expect(suggestVerb(typed)).toBeUndefined();
    },
  );
});
