// Resident memory of a child process, from /proc/<pid>/status (Linux); undefined elsewhere. VmHWM is
// the kernel's own peak of VmRSS over the process's life, so one read after a run gives its peak.
import { readFile } from 'node:fs/promises';

async function statusFieldKb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): Promise<number | undefined> {
  if (pid === undefined || process.platform !== 'linux') return undefined;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const match = status?.match(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm'));
  return match ? Number(match[1]) : undefined;
}

/** Peak resident set size so far, in MiB. */
export async function peakRssMb(pid: number | undefined): Promise<number | undefined> {
  const kb = await statusFieldKb(pid, 'VmHWM');
  return kb === undefined ? undefined : kb / 1024;
}

/** Resident set size now (VmRSS), in MiB: sampled over time, it shows growth that VmHWM hides. */
export async function rssMb(pid: number | undefined): Promise<number | undefined> {
  const kb = await statusFieldKb(pid, 'VmRSS');
  return kb === undefined ? undefined : kb / 1024;
}

export const mb = (value: number | undefined): string =>
  value === undefined ? 'n/a (needs Linux /proc)' : `${value.toFixed(0)} MB`;
