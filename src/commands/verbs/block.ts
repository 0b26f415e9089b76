// `block <value> [for <N>d] <reason>`: a file hash, IP, domain or URL indicator, behind approval by default.
import type { IndicatorKind } from '../../core/indicators.js';
import { parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { readBlock, requestBlock, runIndicatorAction } from '../handlers/indicators.js';

export type BlockCommand = {
  readonly verb: 'block';
  /** As MDE is sent it (checked and normalised by the parser). */
  readonly value: string;
  readonly kind: IndicatorKind;
  /** `for <N>d`; absent: RBAC indicators.expireDays. */
  readonly days: number | undefined;
  readonly reason: string;
};

export const block = declareVerb<BlockCommand>()({
  word: 'block',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<BlockCommand> => {
    const read = readBlock(args, block);
    return read.ok ? parsed({ verb: 'block', ...read.value }) : read;
  },
  role: 'responder',
  approvable: true,
  usage: 'block <value> [for <N>d] <reason>',
  summary: 'Block a file hash (SHA-1, SHA-256, MD5), IP address, domain or URL in Defender.',
  examples: ['block evil.example for 14d phishing kit host', 'block 203.0.113.9 C2 beacon'],
  runs: 'job',
  run: (context, command) => requestBlock(context, command),
  approved: { title: 'Block indicator', execute: runIndicatorAction },
});
