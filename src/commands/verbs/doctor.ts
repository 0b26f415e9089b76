// `doctor`: the setup checks of `npm run doctor`, run by a worker with its own configuration, answered
// privately to an admin (the report names the app registration, hosts and who holds which role).
import { renderCard } from '../../cards/index.js';
import { CHECK_MARK } from '../../core/doctor.js';
import { noArguments, type ArgReader } from '../args.js';
import { declareVerb, type JobAnswer, type ParseResultOf } from '../declaration.js';

export type DoctorCommand = { readonly verb: 'doctor' };

export const doctor = declareVerb<DoctorCommand>()({
  word: 'doctor',
  aliases: [],
  parse: (args: ArgReader): ParseResultOf<DoctorCommand> => noArguments(args, doctor),
  role: 'admin',
  approvable: false,
  usage: 'doctor',
  summary: "Check the bot's setup (permissions, hosts, chat scopes, Redis, roles); answered to you only.",
  examples: ['doctor'],
  runs: 'job',
  run: async (context): Promise<JobAnswer> => {
    if (!context.doctor)
      return {
        message: {
          card: renderCard('error', {
            title: 'Not available',
            message: 'This worker cannot run the setup checks; run npm run doctor next to it.',
          }),
          text: 'Setup checks not available here',
        },
        audience: 'requester',
      };
    const checks = await context.doctor();
    const count = (status: string) => checks.filter((c) => c.status === status).length;
    const summary = `${count('ok')} ok, ${count('warn')} warnings, ${count('fail')} failed`;
    return {
      message: {
        card: renderCard('doctor', {
          summary,
          checks: checks.map((c) => ({
            mark: CHECK_MARK[c.status],
            area: c.area,
            message: c.message,
            ...(c.fix ? { fix: c.fix } : {}),
          })),
        }),
        text: `Setup check: ${summary}`,
      },
      audience: 'requester',
    };
  },
});
