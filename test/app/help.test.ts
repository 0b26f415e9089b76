// `help <command>`: that one command's usage, summary and examples, and whether this person may run it.
import { describe, expect, it } from 'vitest';
import { helpAnswer } from '../../src/app/answers.js';
import { VERBS_DECLARED } from '../../src/commands/index.js';
import { rbac, slackUser } from '../authz/fixtures.js';

const FILE = rbac({ viewer: ['slack:UVIEW'], responder: ['slack:URESP'] });
const textOf = (answer: ReturnType<typeof helpAnswer>) =>
  answer.visibility === 'none' ? '' : JSON.stringify(answer.message);

describe('help <command>', () => {
  it('shows that command alone, with its examples, for every registered verb', () => {
    for (const declaration of VERBS_DECLARED) {
      const text = textOf(helpAnswer(slackUser('URESP'), FILE, declaration.word));
      expect(text).toContain(JSON.stringify(`/defender ${declaration.usage}`).slice(1, -1));
      // The card escapes Markdown (an alert id's `_` reads `\_`, which JSON writes `\\_`).
      const unescaped = text.replaceAll('\\\\', '');
      for (const example of declaration.examples)
        expect(unescaped).toContain(JSON.stringify(`/defender ${example}`).slice(1, -1));
      for (const other of VERBS_DECLARED.filter((d) => d !== declaration))
        expect(text).not.toContain(`/defender ${other.usage}`);
    }
  });

  it('says whether this person may run it, ask for it, or lacks the role', () => {
    expect(textOf(helpAnswer(slackUser('URESP'), FILE, 'scan'))).toMatch(/You may run it\./);
    expect(textOf(helpAnswer(slackUser('URESP'), FILE, 'isolate'))).toMatch(/an approver must approve/);
    expect(textOf(helpAnswer(slackUser('UVIEW'), FILE, 'isolate'))).toMatch(
      /needs the responder role, which you do not have/,
    );
  });

  it('without a command lists only what this person may run', () => {
    const text = textOf(helpAnswer(slackUser('UVIEW'), FILE));
    expect(text).toContain('/defender machine');
    expect(text).not.toContain('/defender isolate');
  });
});
