// Runs benchmark pieces in their own Node processes (compiled JavaScript, or TypeScript through
// tsx's loader): the parent
// waits for the child's one "ready" line, then stops it by closing its stdin (or SIGTERM). A child
// whose parent dies sees its stdin end and shuts down too, so nothing is left running.
// A child's log (its stdout) goes straight to a file, as a log collector would take it in production:
// piped through the load generator, the bot's per-command log lines cost the generator CPU and could
// stall the bot on a full pipe, which the bare apps (that log nothing) never pay. The ready line
// travels on a pipe of its own (fd 3).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { z } from 'zod';

const READY = 'BENCH_READY ';
/** The child's descriptor for the ready line (the parent opens it as a pipe). */
const READY_FD = 3;
const READY_FD_ENV = 'BENCH_READY_FD';

let logDir: string | undefined;
/** Where the children's logs go this run: BENCH_LOG_DIR, or a fresh temporary directory (printed once). */
export function childLogDir(): string {
  if (logDir === undefined) {
    logDir = process.env.BENCH_LOG_DIR ?? mkdtempSync(join(tmpdir(), 'defbot-bench-logs-'));
    console.log(`bench: child process logs in ${logDir}`);
  }
  return logDir;
}

let logSequence = 0;

export interface Child<T> {
  info: T;
  process: ChildProcess;
  /** Resolves with the exit code once the child has shut down. */
  stop(): Promise<number | null>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Where the child's own output goes: its stderr is always passed through. */
  label: string;
  readyTimeoutMs?: number;
  /** Runs the child on this CPU only (see pinSelf); ignored on a one-CPU machine or without taskset. */
  cpu?: number;
}

const TASKSET = '/usr/bin/taskset';

/** Whether processes can be given CPUs of their own here. */
export function canPin(): boolean {
  return cpus().length >= 2 && existsSync(TASKSET);
}

/**
 * Moves this process (and the children it starts from now on) to `cpu`, so a process under test
 * started with `cpu: <another>` has a core to itself, as it would on its own host in production.
 */
export function pinSelf(cpu: number): boolean {
  return (
    canPin() &&
    spawnSync(TASKSET, ['-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' }).status === 0
  );
}

/**
 * `command args` as a spawn command that runs on `cpu` only, where processes can be pinned; taskset
 * execs the command in place, so the pid is the command's own and /proc readings stay right.
 */
export function onCpu(cpu: number | undefined, command: string, args: readonly string[]): [string, string[]] {
  return cpu !== undefined && canPin()
    ? [TASKSET, ['-c', String(cpu), command, ...args]]
    : [command, [...args]];
}

/** BENCH_NODE_FLAGS="--flag …": node/V8 flags for every child (flags NODE_OPTIONS does not allow, e.g. GC ones). */
function extraNodeFlags(): string[] {
  return (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag.startsWith('--'));
}

/** BENCH_CPU_PROFILE_DIR=<dir> writes a V8 CPU profile of every child into <dir> (for finding hot spots). */
function profileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Starts `file` (.js under plain node, .ts under tsx) and resolves with what it announced, parsed by `schema`. */
export function spawnTs<T>(file: string, schema: z.ZodType<T>, options: SpawnOptions): Promise<Child<T>> {
  const nodeArgs = [
    ...profileFlags(),
    ...extraNodeFlags(),
    ...(file.endsWith('.ts') ? ['--import', 'tsx'] : []),
    file,
  ];
  const [command, args] = onCpu(options.cpu, process.execPath, nodeArgs);
  logSequence += 1;
  const logFile = join(childLogDir(), `${String(logSequence).padStart(2, '0')}-${options.label}.log`);
  const logFd = openSync(logFile, 'a');
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env, [READY_FD_ENV]: String(READY_FD) },
    stdio: ['pipe', logFd, 'inherit', 'pipe'],
  });
  // The child holds its own copy of the descriptor.
  closeSync(logFd);
  const lines = createInterface({ input: child.stdio[READY_FD] as Readable });
  const stop = async (): Promise<number | null> => {
    child.stdin?.end();
    const code = await waitForExit(child, 30_000);
    lines.close();
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${options.label}: not ready within ${options.readyTimeoutMs ?? 60_000} ms`));
    }, options.readyTimeoutMs ?? 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.label} exited with ${code} before it was ready`));
    });
    lines.on('line', (line) => {
      if (!line.startsWith(READY)) return;
      clearTimeout(timer);
      try {
        resolve({ info: schema.parse(JSON.parse(line.slice(READY.length))), process: child, stop });
      } catch (error) {
        void stop();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/** Child side: tell the parent we are ready (on the ready pipe; stdout when started some other way). */
export function announce(info: unknown): void {
  const line = `${READY}${JSON.stringify(info)}\n`;
  const fd = Number(process.env[READY_FD_ENV]);
  if (Number.isInteger(fd) && fd > 2) writeSync(fd, line);
  else process.stdout.write(line);
}

/** Child side: run `close` once, when the parent closes our stdin or signals us, then exit. */
export function closeOnParentExit(close: () => Promise<void>): void {
  let closing = false;
  const shutDown = (): void => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.stdin.on('end', shutDown);
  process.stdin.on('error', shutDown);
  process.stdin.resume();
  process.once('SIGTERM', shutDown);
  process.once('SIGINT', shutDown);
}
