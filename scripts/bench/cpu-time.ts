import { readFileSync } from 'node:fs';

/**
 * CPU time a process has used so far (user + system, all its threads), read from
 * /proc/<pid>/stat, in milliseconds; undefined where /proc is not there. On a shared
 * machine QPS moves with everyone else's load, while CPU per call stays the cost of
 * the code: the report gives both.
 */
const CLOCK_TICKS_PER_SECOND = 100;

export function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const userTicks = Number(fields[11]);
    const systemTicks = Number(fields[12]);
    return ((userTicks + systemTicks) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
