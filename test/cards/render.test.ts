import { describe, expect, it } from 'vitest';
import { isBotError } from '../../src/core/index.js';
import {
  CARD_SAMPLES,
  escapeMarkdown,
  formatUtc,
  machineCard,
  noteMessage,
  renderCard,
} from '../../src/cards/index.js';
import { adaptiveCardProblems, findByType } from './adaptive-validator.js';

function factValue(card: object, title: string): string | undefined {
  const facts = findByType(card, 'FactSet').flatMap(
    (set) => set.facts as Array<{ title: string; value: string }>,
  );
  return facts.find((fact) => fact.title === title)?.value;
}

function texts(card: object): string[] {
  return findByType(card, 'TextBlock').map((block) => block.text as string);
}

describe('renderCard', () => {
  it('renders user text literally: no template expansion, no markdown link', () => {
    const reason = 'beacon ${approvalId} [click](http://evil) **bold** <http://evil2>';
    const card = renderCard('approval-request', { ...CARD_SAMPLES['approval-request'], reason });
    const shown = factValue(card, 'Reason');
    expect(shown).toBe('beacon ${approvalId} \\[click\\](http://evil) \\*\\*bold\\*\\* \\<http://evil2\\>');
    expect(shown).not.toContain(CARD_SAMPLES['approval-request'].approvalId);
    expect(shown).not.toMatch(/(?<!\\)\[/);
    // The button still carries only the approval id, untouched by the reason.
    const approve = findByType(card, 'Action.Execute').find((action) => action.verb === 'approval.approve');
    expect(approve?.data).toEqual({ id: CARD_SAMPLES['approval-request'].approvalId });
  });

  it('keeps ids unescaped in button data even when they contain markdown characters', () => {
    const card = renderCard('approval-request', {
      ...CARD_SAMPLES['approval-request'],
      approvalId: 'apr_x*1',
    });
    expect(findByType(card, 'Action.Execute').map((action) => action.data)).toEqual([
      { id: 'apr_x*1' },
      { id: 'apr_x*1' },
    ]);
  });

  it('shows Approve and Deny only while pending, and who decided afterwards', () => {
    const decided = renderCard('approval-request', {
      ...CARD_SAMPLES['approval-request'],
      state: 'denied',
      decidedBy: 'Bob Approver',
      decidedAt: '2024-05-01T10:45:00Z',
    });
    expect(findByType(decided, 'Action.Execute')).toEqual([]);
    expect(factValue(decided, 'Denied by')).toBe('Bob Approver');
    expect(factValue(decided, 'Decided at')).toBe('2024-05-01 10:45 UTC');
    expect(texts(decided)).toContain('Denied');

    const pending = renderCard('approval-request', CARD_SAMPLES['approval-request']);
    expect(findByType(pending, 'Action.Execute').map((action) => action.verb)).toEqual([
      'approval.approve',
      'approval.deny',
    ]);
  });

  it('formats timestamps in UTC, including MDE seven-digit fractions and offsets', () => {
    expect(formatUtc('2024-05-01T10:22:33.1234567Z')).toBe('2024-05-01 10:22 UTC');
    expect(formatUtc('2024-05-01T10:22:33+02:00')).toBe('2024-05-01 08:22 UTC');
    expect(factValue(renderCard('machine', CARD_SAMPLES.machine), 'Last seen')).toBe('2024-05-01 10:22 UTC');
  });

  it('refuses a bad timestamp or a non-http link instead of drawing a broken card', () => {
    const badTime = (): unknown =>
      renderCard('machine', { ...CARD_SAMPLES.machine, lastSeenAt: 'yesterday' });
    const badLink = (): unknown =>
      renderCard('alert', { ...CARD_SAMPLES.alert, portalUrl: 'javascript:alert(1)' });
    for (const attempt of [badTime, badLink]) {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(isBotError(thrown) && thrown.code === 'INTERNAL').toBe(true);
    }
  });

  it('lists alerts and machine actions newest first whatever the input order', () => {
    const alerts = renderCard('alerts', CARD_SAMPLES.alerts);
    expect(texts(alerts).filter((text) => text.startsWith('**'))).toEqual([
      '**Ransomware behavior detected**',
      '**Suspicious PowerShell command line**',
    ]);
    const actions = renderCard('machine-actions', CARD_SAMPLES['machine-actions']);
    expect(texts(actions).filter((text) => text.startsWith('**'))).toEqual([
      '**RunAntiVirusScan** · InProgress',
      '**Isolate** · Succeeded',
    ]);
  });

  it('colours severities: High attention, Medium warning, Informational accent, Low default', () => {
    const colours = findByType(
      renderCard('alerts', {
        filterDescription: 'all',
        alerts: (['High', 'Medium', 'Low', 'Informational'] as const).map((severity, index) => ({
          ...CARD_SAMPLES.alerts.alerts[0]!,
          severity,
          createdAt: `2024-05-0${4 - index}T00:00:00Z`,
        })),
      }),
      'TextBlock',
    )
      .filter((block) => block.size === 'Small')
      .map((block) => [block.text, block.color]);
    expect(colours).toEqual([
      ['High', 'Attention'],
      ['Medium', 'Warning'],
      ['Low', 'Default'],
      ['Informational', 'Accent'],
    ]);
  });

  it('shows the package link only when there is one', () => {
    const withLink = renderCard('action-status', CARD_SAMPLES['action-status']);
    expect(findByType(withLink, 'Action.OpenUrl').map((action) => action.url)).toEqual([
      CARD_SAMPLES['action-status'].packageUrl,
    ]);
    const withoutPackage = { ...CARD_SAMPLES['action-status'], packageUrl: undefined };
    expect(findByType(renderCard('action-status', withoutPackage), 'Action.OpenUrl')).toEqual([]);
  });

  it('leaves out optional facts that are absent', () => {
    const card = renderCard('whoami', {
      platform: 'Teams',
      userId: '29:1',
      roles: [],
      identities: ['teams:29:1', 'email:a@contoso.com'],
      signedIn: false,
      tokenContext: 'none',
    });
    expect(factValue(card, 'User')).toBe('29:1');
    expect(factValue(card, 'Recognised as')).toBe('teams:29:1, email:a@contoso.com');
    expect(factValue(card, 'Roles')).toBe('none');
    expect(factValue(card, 'Entra account')).toBe('not signed in');
    expect(texts(card)).toHaveLength(1);
  });

  it('renders the same template again with other data (the cached template is not mutated)', () => {
    const first = renderCard('error', { title: 'One', message: 'first' });
    const second = renderCard('error', { title: 'Two', message: 'second', hint: 'h' });
    expect(texts(first)).toEqual(['One', 'first']);
    expect(texts(second)).toEqual(['Two', 'second', 'h']);
  });
});

describe('escapeMarkdown', () => {
  it('escapes link, autolink, emphasis and code characters and the backslash', () => {
    expect(escapeMarkdown('a\\b [x](y) <z> *i* _u_ ~s~ `c`')).toBe(
      'a\\\\b \\[x\\](y) \\<z\\> \\*i\\* \\_u\\_ \\~s\\~ \\`c\\`',
    );
    expect(escapeMarkdown('web-07.contoso.local (10.0.0.1)')).toBe('web-07.contoso.local (10.0.0.1)');
  });
});

describe('prepared templates are reused safely', () => {
  it('rendering the same card with different data never leaks values between renders', () => {
    const first = JSON.stringify(renderCard('working', { command: 'machine alpha-01' }));
    const second = JSON.stringify(renderCard('working', { command: 'alerts high 2h' }));
    const again = JSON.stringify(renderCard('working', { command: 'machine alpha-01' }));
    expect(first).toContain('alpha-01');
    expect(second).toContain('alerts high 2h');
    expect(second).not.toContain('alpha-01');
    expect(again).toBe(first);
  });
});

describe('machineCard', () => {
  it('carries its Request isolation… form (type, full preselected; required reason), valid as a whole', () => {
    const card = machineCard(CARD_SAMPLES.machine);
    expect(adaptiveCardProblems(card)).toEqual([]);
    const show = findByType(card, 'Action.ShowCard');
    expect(show).toHaveLength(1);
    expect(show[0]).toMatchObject({ title: 'Request isolation…' });
    const form = show[0]!.card as object;
    expect(findByType(form, 'Input.ChoiceSet')).toEqual([
      expect.objectContaining({ id: 'isolationType', value: 'full', isRequired: true }),
    ]);
    expect(findByType(form, 'Input.Text')).toEqual([
      expect.objectContaining({ id: 'reason', isRequired: true }),
    ]);
    expect(findByType(form, 'Action.Execute')).toEqual([
      expect.objectContaining({ verb: 'isolate.request', data: { id: CARD_SAMPLES.machine.id } }),
    ]);
    expect(texts(form)).toContain(`Request isolation: ${CARD_SAMPLES.machine.name}`);
  });
});

describe('the error card', () => {
  it('heads a refusal in the Attention colour and a notice (tone note) in the default one', () => {
    const heading = (card: object) => findByType(card, 'TextBlock')[0]!;
    expect(heading(renderCard('error', CARD_SAMPLES.error)).color).toBe('Attention');
    expect(heading(noteMessage('Subscribed', 'This conversation receives High alerts.').card)).toMatchObject({
      text: 'Subscribed',
      color: 'Default',
    });
    expect(adaptiveCardProblems(noteMessage('Subscribed', 'x', 'y').card)).toEqual([]);
  });
});
