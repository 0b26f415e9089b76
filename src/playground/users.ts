// The playground's cast: one demo user per role on each platform (plus one with no role, to show a
// refusal), and the RBAC file that binds them.
import type { ChatRole } from '../config/types.js';

export type PlaygroundPlatform = 'slack' | 'teams';

export interface DemoUser {
  platform: PlaygroundPlatform;
  /** Slack user id (U…) or Teams MRI (29:…). */
  id: string;
  name: string;
  role: ChatRole | 'none';
  /** Teams only: the Entra object id Teams puts on activities. */
  aadObjectId?: string;
  /** The person's mailbox, the same on both platforms (Slack profile, Teams member API). */
  email: string;
  /** Teams only: the user principal name the Bot Connector member API gives. */
  userPrincipalName?: string;
}

/** The demo's one organisation: every person's mailbox and UPN live here. */
export const DEMO_MAIL_DOMAIN = 'contoso.com';

function mailOf(name: string): string {
  return `${name.toLowerCase().replace(/\s+/g, '.')}@${DEMO_MAIL_DOMAIN}`;
}

const PEOPLE: { role: DemoUser['role']; key: string; name: string; oidSuffix: string }[] = [
  { role: 'viewer', key: 'VIEWER', name: 'Vera Viewer', oidSuffix: '01' },
  { role: 'responder', key: 'RESPONDER', name: 'Rex Responder', oidSuffix: '02' },
  { role: 'approver', key: 'APPROVER', name: 'Ada Approver', oidSuffix: '03' },
  { role: 'admin', key: 'ADMIN', name: 'Max Admin', oidSuffix: '04' },
  { role: 'none', key: 'GUEST', name: 'Gus Guest', oidSuffix: '05' },
];

export const DEMO_USERS: readonly DemoUser[] = PEOPLE.flatMap(
  ({ role, key, name, oidSuffix }): DemoUser[] => [
    { platform: 'slack', id: `U0${key}`, name, role, email: mailOf(name) },
    {
      platform: 'teams',
      id: `29:1${key.toLowerCase()}-playground`,
      name,
      role,
      aadObjectId: `00000000-0000-4000-8000-0000000000${oidSuffix}`,
      email: mailOf(name),
      userPrincipalName: mailOf(name),
    },
  ],
);

export function findDemoUser(platform: PlaygroundPlatform, id: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.platform === platform && user.id === id);
}

/** The RBAC file of the demo: each role bound to its demo user on both platforms. */
export function demoRbacYaml(): string {
  const roles: ChatRole[] = ['viewer', 'responder', 'approver', 'admin'];
  const lines = roles.map((role) => {
    const ids = DEMO_USERS.filter((user) => user.role === role).map((user) =>
      JSON.stringify(`${user.platform}:${user.id}`),
    );
    return `  ${role}: [${ids.join(', ')}]`;
  });
  return [
    '# Demo role bindings (written by `npm run demo`): one playground user per role on Slack and Teams.',
    'roles:',
    ...lines,
    'userContext: optional',
    // No `actions` list: every command the registry declares approvable (isolate, block…) waits for one.
    'approvals:',
    '  ttlMinutes: 60',
    // Two of the simulator's library scripts, so `run` and `scripts` can be tried.
    'liveResponse:',
    '  scripts: ["collect-logs.ps1", "get-processes.ps1"]',
    '',
  ].join('\n');
}
