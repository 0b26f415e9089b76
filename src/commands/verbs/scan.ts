// `scan <machine> [quick|full] <reason>`: a Microsoft Defender Antivirus scan.
import { parsed, readMachineAction, type ArgReader } from '../args.js';
import { MDE_SCAN_TYPE } from '../../defender/index.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { SCAN_TYPES, type ScanType } from '../../core/vocabulary.js';
import type { MachineQuery } from '../types.js';

export type ScanCommand = {
  readonly verb: 'scan';
  readonly machine: MachineQuery;
  readonly scanType: ScanType;
  readonly reason: string;
};

export const scan = declareVerb<ScanCommand>()({
  word: 'scan',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<ScanCommand> => {
    const read = readMachineAction(args, scan, SCAN_TYPES);
    if (!read.ok) return read;
    return parsed({
      verb: 'scan',
      machine: read.machine,
      scanType: read.type ?? 'quick',
      reason: read.reason,
    });
  },
  role: 'responder',
  approvable: false,
  usage: 'scan <machine> [quick|full] <reason>',
  summary: 'Run a Microsoft Defender Antivirus scan.',
  examples: ['scan web-07 full suspicious binary in temp'],
  runs: 'machine-action',
  action: {
    type: 'RunAntiVirusScan',
    title: 'Antivirus scan',
    submit: (client, target, comment) =>
      client.runAntiVirusScan(target.machineId, comment, MDE_SCAN_TYPE[target.scanType ?? 'quick']),
  },
  menu: { priority: 9, scopes: ['personal', 'team', 'groupChat'] },
});
