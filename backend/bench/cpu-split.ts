/**
 * Where a pass's CPU goes, read from Linux's /proc: this process (Node), the tool helper, the tools it ran
 * (pdftotext, pdfinfo: the helper's reaped children), every local PostgreSQL process, and the machine's
 * idle time. Core-seconds drift less with the machine's speed than a wall-clock ratio does, and show which
 * part a change moved. Null where /proc is missing (not Linux) — the bench then reports wall time only.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface CpuSplit {
  node: number;
  helper: number;
  tools: number;
  postgres: number;
  idle: number;
}

let ticks: number | null = null;
/** Clock ticks per second of /proc's counters (USER_HZ, 100 on common kernels). */
function clockTicks(): number {
  ticks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticks;
}

/** utime+stime and cutime+cstime of one process, in ticks; null if it is gone. */
function processTicks(pid: number | string): { comm: string; own: number; children: number } | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name is in parentheses and may contain spaces; the fields after it are space-separated.
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const f = stat.slice(close + 2).split(' ');
  return { comm, own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
}

export function cpuSnapshot(helperPid: number | undefined): CpuSplit | null {
  if (!fs.existsSync('/proc/stat')) return null;
  const hz = clockTicks();
  let postgres = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const p = processTicks(pid);
    if (p?.comm === 'postgres') postgres += p.own;
  }
  const helper = helperPid ? processTicks(helperPid) : null;
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const usage = process.cpuUsage();
  return {
    node: (usage.user + usage.system) / 1e6,
    helper: (helper?.own ?? 0) / hz,
    tools: (helper?.children ?? 0) / hz,
    postgres: postgres / hz,
    idle: (cpu[3] + cpu[4]) / hz, // idle + iowait, summed over cores
  };
}

export function cpuDelta(before: CpuSplit | null, after: CpuSplit | null): CpuSplit | null {
  if (!before || !after) return null;
  const keys = Object.keys(before) as Array<keyof CpuSplit>;
  return Object.fromEntries(keys.map((k) => [k, after[k] - before[k]])) as unknown as CpuSplit;
}
