import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and names where the time went: the top
 * frames by self time, and self time summed by origin (a package under node_modules,
 * a folder of src/ or, for compiled code, of dist/, Node's internals, the garbage
 * collector). Samples count from the first one inside grpc-js's server code, so that
 * start-up (module loading, connecting) does not crowd out the serving. Usable on its own:
 *   npx tsx scripts/bench/cpu-profile.ts <file.cpuprofile> [top count]
 */

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Sampled time not spent idle: what the process worked. */
  busyMs: number;
  topFrames: SelfTime[];
  byOrigin: SelfTime[];
}

export function summarizeProfile(path: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const frames = new Map<string, number>();
  const origins = new Map<string, number>();
  let totalMs = 0;
  const from = firstServingSample(profile);
  profile.samples.forEach((id, index) => {
    if (index < from) return;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    totalMs += ms;
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    frames.set(name, (frames.get(name) ?? 0) + ms);
    const origin = originOf(frame);
    origins.set(origin, (origins.get(origin) ?? 0) + ms);
  });
  const idleMs = origins.get('(idle)') ?? 0;
  const busyMs = totalMs - idleMs;
  // Shares are of busy time: a server waiting on its sockets is idle, not slow.
  const ranked = (map: Map<string, number>, count: number): SelfTime[] =>
    [...map.entries()]
      .filter(([name]) => !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: Math.round((ms / busyMs) * 1000) / 10 }));
  return { totalMs: Math.round(totalMs), busyMs: Math.round(totalMs - idleMs), topFrames: ranked(frames, top), byOrigin: ranked(origins, 15) };
}

const SERVING = '@grpc/grpc-js/build/src/server';

/** The index of the first sample whose stack runs grpc-js's server code (0 if none does). */
function firstServingSample(profile: CpuProfile): number {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const serving = (id: number | undefined): boolean => {
    for (let current = id; current !== undefined; current = parent.get(current)) {
      if (byId.get(current)?.callFrame.url.includes(SERVING)) return true;
    }
    return false;
  };
  const index = profile.samples.findIndex((id) => serving(id));
  return index < 0 ? 0 : index;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const source = /\/(?:src|dist)\//.exec(url);
  if (source) return url.slice(source.index + 1);
  return url.replace(/^file:\/\//, '');
}

function originOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  // Compiled code (dist/, as the benchmark runs Tender) is named by its folder too.
  const source = /\/(src|dist)\/([^/]+(?:\/[^/]+)?)\//.exec(url) ?? /\/(src|dist)\/([^/]+)/.exec(url);
  if (source) return `${source[1]}/${source[2]}`;
  if (url.startsWith('node:')) return url.split('/')[0]!.replace(/^node:internal.*/, 'node:internal');
  return url;
}

/**
 * The profile of a process's main thread, from the folder its --cpu-prof-dir named: of
 * its threads' profiles (tsx's loader runs in a thread of its own), the busiest.
 */
export function busiestProfileIn(dir: string): (ProfileSummary & { path: string }) | undefined {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => ({ path: join(dir, file), ...summarizeProfile(join(dir, file)) }))
    .sort((a, b) => b.busyMs - a.busyMs)[0];
}

export function formatProfile(title: string, summary: ProfileSummary): string {
  const line = (entry: SelfTime) => `  ${String(entry.share).padStart(5)}%  ${String(entry.ms).padStart(6)} ms  ${entry.name}`;
  return [
    `${title}: ${summary.totalMs} ms sampled, ${summary.busyMs} ms busy`,
    ' self time by origin:',
    ...summary.byOrigin.map(line),
    ' top frames by self time:',
    ...summary.topFrames.map(line),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [path, top] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: tsx scripts/bench/cpu-profile.ts <file.cpuprofile> [top count]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatProfile(path, summarizeProfile(path, Number(top ?? 25)))}\n`);
}
