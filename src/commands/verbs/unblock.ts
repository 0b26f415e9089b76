// `unblock <value|indicatorId> <reason>`: remove an indicator, behind approval by default.
import type { IndicatorKind } from '../../core/indicators.js';
import { parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { readUnblock, requestUnblock, runIndicatorAction } from '../handlers/indicators.js';

export type UnblockCommand = {
  readonly verb: 'unblock';
  /** The value as MDE stores it, or (kind 'id') the MDE indicator id. */
  readonly value: string;
  readonly kind: IndicatorKind | 'id';
  readonly reason: string;
};

export const unblock = declareVerb<UnblockCommand>()({
  word: 'unblock',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<UnblockCommand> => {
    const read = readUnblock(args, unblock);
    return read.ok ? parsed({ verb: 'unblock', ...read.value }) : read;
  },
  role: 'responder',
  approvable: true,
  usage: 'unblock <value|indicatorId> <reason>',
  summary: 'Remove a Defender indicator, by its value or its id.',
  examples: ['unblock evil.example false positive', 'unblock 1001 expired campaign'],
  runs: 'job',
  run: (context, command) => requestUnblock(context, command),
  approved: { title: 'Remove indicator', execute: runIndicatorAction },
});
