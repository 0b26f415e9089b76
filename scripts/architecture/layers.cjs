// The layers of DESIGN.md section 2, top to bottom. Imports only run down this list: a layer may
// import itself and any layer below it, never one above. Folders in one layer share a level (they
// may import each other; cycles are still caught by `no-circular`).
//
// Read by .dependency-cruiser.cjs (which turns it into rules) and by `npm run architecture` (which
// draws docs/architecture.md's graph in this order). `folders` are paths under src/.
const LAYERS = [
  {
    name: 'root',
    folders: ['main.ts', 'server.ts', 'runtime', 'doctor'],
    does: 'composition root: role switch, the one HTTP server, wires ports to adapters; the doctor',
  },
  {
    name: 'adapters',
    folders: ['chat'],
    does: 'Slack (Bolt) and Teams (botbuilder): verify, parse, render, Reply',
  },
  {
    name: 'http',
    folders: ['http'],
    does: 'express helpers the adapters and the server mount: guards, health, metrics route',
  },
  {
    name: 'app',
    folders: ['app'],
    does: 'dispatch: Interaction -> command -> authorize -> answer now or enqueue',
  },
  {
    name: 'commands-jobs',
    folders: ['commands', 'jobs'],
    does: 'grammar and handlers; queues, workers, alert poller, notifier',
  },
  {
    name: 'audit-cards',
    folders: ['audit', 'cards'],
    does: 'the audit trail and the card templates, shared by app, commands and jobs',
  },
  {
    name: 'authz-defender',
    folders: ['authz', 'defender'],
    does: 'roles, policies, approvals; the MDE API client',
  },
  {
    name: 'identity-config-core',
    folders: ['identity', 'config', 'core', 'metrics'],
    does: 'tokens and sign-in; env and RBAC parsing; the shared vocabulary and ports; counters',
  },
];

// Tools: they may import product code; no product module imports them.
const TOOLS = [
  { name: 'sim', does: 'local MDE + Entra ID simulator' },
  { name: 'playground', does: 'local chat UI + fake Slack/Teams service endpoints' },
  { name: 'demo', does: 'the demo launcher' },
];

/** A regular expression (as a string) matching the modules of one folder (or one file) under src/. */
function folderPattern(folder) {
  return folder.endsWith('.ts') ? `^src/${folder.replace(/\./g, '\\.')}$` : `^src/${folder}/`;
}

/** A regular expression (as a string) matching the modules of any of the folders. */
function anyOf(folders) {
  return `(${folders.map(folderPattern).join('|')})`;
}

module.exports = { LAYERS, TOOLS, folderPattern, anyOf };
