// Builds the Teams app package and the Slack app manifest from their templates (npm run manifest).
export { buildManifests, ManifestSchemaError, SLACK_MANIFEST_NAME, TEAMS_PACKAGE_NAME } from './build.js';
export { buildCommandLists, COMMAND_MENUS, MAX_COMMANDS_PER_LIST } from './commands.js';
export type { TeamsCommandList, TeamsScope } from './commands.js';
export { ACCENT_COLOUR, drawColourIcon, drawOutlineIcon } from './draw-icons.js';
export { ManifestInputError, readManifestInputs } from './inputs.js';
export type { ManifestInputs } from './inputs.js';
export { encodePng, pngSize } from './png.js';
export { buildSlackManifest, SLACK_TEMPLATE } from './slack.js';
export {
  buildTeamsManifest,
  loadTeamsSchema,
  TEAMS_ICONS,
  TEAMS_TEMPLATE,
  validateTeamsManifest,
} from './teams.js';
export { fillTemplate } from './template.js';
export type { TemplateValue } from './template.js';
export { writeZip } from './zip.js';
