// `scripts`: the allow-list (RBAC `liveResponse.scripts`) matched against the MDE library, so a
// responder sees what `run` can start, and what is allowed but missing from the library.
import { errorMessage, renderCard } from '../../cards/index.js';
import { commandPrefix } from '../../core/vocabulary.js';
import { listLibraryFiles } from '../../defender/index.js';
import type { JobAnswer, JobContext } from '../declaration.js';

const privately = (title: string, message: string, hint?: string): JobAnswer => ({
  audience: 'requester',
  message: errorMessage(title, message, hint),
});

export async function listScripts(context: JobContext): Promise<JobAnswer> {
  const allowed = context.liveResponse?.scripts ?? [];
  if (allowed.length === 0)
    return privately(
      'No scripts allowed',
      'No live response scripts are allowed here: the RBAC file’s liveResponse.scripts list is empty.',
    );
  const library = await listLibraryFiles(context.defender);
  const byName = new Map(library.map((file) => [file.fileName.toLowerCase(), file]));
  const prefix = commandPrefix(context.actor.platform);
  const present = allowed.flatMap((name) => {
    const file = byName.get(name.toLowerCase());
    return file ? [{ name, file }] : [];
  });
  const missing = allowed.filter((name) => !byName.has(name.toLowerCase()));
  if (present.length === 0)
    return privately(
      'No scripts available',
      `None of the allowed scripts (${allowed.join(', ')}) is in the Defender live response library.`,
    );
  const commands = present.map(({ name, file }) => ({
    verb: name,
    usage: `${prefix}run <machine> ${name}${file.hasParameters ? ' "<args>"' : ''} <reason>`,
    description: [
      file.description ?? 'No description.',
      file.hasParameters ? `Arguments: ${file.parametersDescription ?? 'yes'}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  }));
  const note = missing.length > 0 ? ` Allowed but not in the library: ${missing.join(', ')}.` : '';
  return {
    audience: 'requester',
    message: {
      card: renderCard('help', { commands }),
      text: `Live response scripts you may run: ${present.map((p) => p.name).join(', ')}.${note}`,
    },
  };
}
