// The triage grammar: alert ids, assignees, classifications with MDE's determinations (an invalid pair
// refused naming the valid ones), comments; and a form's verdict choice checked as if typed.
import { describe, expect, it } from 'vitest';
import { checkVerdictChoice, parseCommand } from '../../src/commands/index.js';
import { DETERMINATIONS } from '../../src/defender/index.js';
import { VERDICT_CHOICES } from '../../src/cards/index.js';

const ID = 'da637551227677560813_-961444813';

function refusal(text: string): string {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`${text} parsed`);
  return result.error.message;
}

describe('alert, assign, resolve, comment', () => {
  it('parses each with an opaque alert id', () => {
    expect(parseCommand(`alert ${ID}`)).toEqual({ ok: true, command: { verb: 'alert', alertId: ID } });
    expect(parseCommand(`assign ${ID}`)).toEqual({
      ok: true,
      command: { verb: 'assign', alertId: ID, assignee: { kind: 'me' } },
    });
    expect(parseCommand(`assign ${ID} ME`)).toEqual({
      ok: true,
      command: { verb: 'assign', alertId: ID, assignee: { kind: 'me' } },
    });
    expect(parseCommand(`assign ${ID} Bob@Contoso.com`)).toEqual({
      ok: true,
      command: { verb: 'assign', alertId: ID, assignee: { kind: 'email', email: 'bob@contoso.com' } },
    });
    expect(parseCommand(`comment ${ID} "user  confirmed"  the download`)).toEqual({
      ok: true,
      command: { verb: 'comment', alertId: ID, text: '"user confirmed" the download' },
    });
  });

  it('refuses what cannot be an alert id or an address', () => {
    expect(refusal("alert da1'or'1")).toMatch(/is not an alert id/);
    expect(refusal('alert')).toMatch(/Which alert\?/);
    expect(refusal(`alert ${ID} extra`)).toMatch(/Too many words/);
    expect(refusal(`assign ${ID} bob`)).toMatch(/is not an email address/);
    expect(refusal(`assign ${ID} bob@contoso.com carol@contoso.com`)).toMatch(/Too many words/);
  });

  it.each([
    ['tp', 'TruePositive'],
    ['TruePositive', 'TruePositive'],
    ['fp', 'FalsePositive'],
    ['falsepositive', 'FalsePositive'],
    ['expected', 'InformationalExpectedActivity'],
  ])('resolve %s is %s, a determination optional', (word, classification) => {
    expect(parseCommand(`resolve ${ID} ${word} looked at it`)).toEqual({
      ok: true,
      command: { verb: 'resolve', alertId: ID, classification, comment: 'looked at it' },
    });
  });

  it('takes a determination of the classification, in any case or MDE spelling', () => {
    expect(parseCommand(`resolve ${ID} tp MALWARE removed`)).toMatchObject({
      ok: true,
      command: { classification: 'TruePositive', determination: 'Malware', comment: 'removed' },
    });
    expect(parseCommand(`resolve ${ID} fp notmalicious benign script`)).toMatchObject({
      ok: true,
      command: { classification: 'FalsePositive', determination: 'Clean', comment: 'benign script' },
    });
    expect(parseCommand(`resolve ${ID} expected confirmedactivity admin did it`)).toMatchObject({
      ok: true,
      command: { determination: 'ConfirmedUserActivity' },
    });
  });

  it('refuses a determination of another classification, naming the valid ones', () => {
    const message = refusal(`resolve ${ID} fp malware it was fine`);
    expect(message).toMatch(/^Malware is not a determination of False positive\. Use one of: /);
    for (const valid of DETERMINATIONS.FalsePositive) expect(message).toContain(valid);
    expect(message).not.toContain('Phishing');
  });

  it('refuses an unknown classification and a missing comment', () => {
    expect(refusal(`resolve ${ID} maybe whatever`)).toMatch(/is not a classification.*truepositive \(tp\)/);
    expect(refusal(`resolve ${ID}`)).toMatch(/How was it\?/);
    expect(refusal(`resolve ${ID} tp malware`)).toMatch(/A comment is required/);
    expect(refusal(`comment ${ID}`)).toMatch(/A comment is required/);
    expect(refusal(`comment ${ID} ${'x'.repeat(901)}`)).toMatch(/at most 900 characters/);
    expect(refusal(`comment ${ID} bell\u0007`)).toMatch(/control characters/);
  });
});

describe('a form verdict', () => {
  it('accepts every choice the form offers, and only valid pairs', () => {
    expect(VERDICT_CHOICES).toHaveLength(
      Object.values(DETERMINATIONS).reduce((sum, list) => sum + list.length, 0),
    );
    for (const choice of VERDICT_CHOICES) expect(checkVerdictChoice(choice.value).ok).toBe(true);
    expect(checkVerdictChoice('FalsePositive:Malware')).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(/Malware is not a determination of False positive/) as unknown,
      },
    });
    for (const forged of ['', 'TruePositive', 'TruePositive:', 'Nope:Malware', 'TruePositive:Malware:x'])
      expect(checkVerdictChoice(forged).ok).toBe(false);
  });
});
