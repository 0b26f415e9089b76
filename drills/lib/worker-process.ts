// A worker-role bot child process for the drills: the real startBot from the environment the drill
// passes; it stops when the drill closes its stdin, or dies when the drill SIGKILLs it.
import { announce, closeOnParentExit } from '../../bench/lib/child.js';
import { startDrillBot } from './bot.js';

const env = Object.fromEntries(
  Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
);
const dir = env.DRILL_LOG_DIR;
if (!dir) throw new Error('DRILL_LOG_DIR is not set: workers are started by a drill.');
const bot = await startDrillBot(env, dir);
announce({ pid: process.pid, port: bot.port });
closeOnParentExit(() => bot.close());
