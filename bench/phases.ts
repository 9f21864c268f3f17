// Timestamps each line that an action step prints as the benchmark receives it, and turns the
// `::group::` / `::endgroup::` markers that the action prints around its phases into durations.
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';

/** One output line and when it arrived, in milliseconds on the performance.now() clock. */
export interface TimedLine {
  at: number;
  text: string;
}

/** A step's output lines with their arrival times, from spawn to the close of its streams. */
export interface StepTimeline {
  spawnedAt: number;
  /** Set when the child closes; NaN until then. */
  closedAt: number;
  lines: TimedLine[];
}

/** One `::group::` of the log and the arrival times of its start and end markers. */
export interface LogGroup {
  title: string;
  start: number;
  end: number;
}

function collectLines(stream: Readable | null, lines: TimedLine[]): void {
  if (stream === null) return;
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    const at = performance.now();
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) lines.push({ at, text });
  });
  stream.on('end', () => {
    if (partial !== '') lines.push({ at: performance.now(), text: partial });
  });
}

/**
 * Starts recording a child's stdout and stderr. Call it synchronously right after spawn, because
 * spawnedAt is taken at the call.
 */
export function recordTimeline(child: ChildProcess): StepTimeline {
  const timeline: StepTimeline = { spawnedAt: performance.now(), closedAt: Number.NaN, lines: [] };
  collectLines(child.stdout, timeline.lines);
  collectLines(child.stderr, timeline.lines);
  child.on('close', () => {
    timeline.closedAt = performance.now();
  });
  return timeline;
}

/** Returns the groups of a log in order. A group left open ends when the step closed. */
export function logGroups(timeline: StepTimeline): LogGroup[] {
  const groups: LogGroup[] = [];
  let open: LogGroup | undefined;
  for (const line of timeline.lines) {
    if (line.text.startsWith('::group::')) {
      open = { title: line.text.slice('::group::'.length).trim(), start: line.at, end: Number.NaN };
      groups.push(open);
    } else if (line.text.startsWith('::endgroup::') && open !== undefined) {
      open.end = line.at;
      open = undefined;
    }
  }
  if (open !== undefined) open.end = timeline.closedAt;
  return groups;
}

/** Returns the first group whose title starts with the prefix, or undefined. */
export function findGroup(groups: LogGroup[], titlePrefix: string): LogGroup | undefined {
  return groups.find((group) => group.title.startsWith(titlePrefix));
}

/** Returns a group's duration in seconds, or NaN for a group that the log does not have. */
export function groupSeconds(group: LogGroup | undefined): number {
  return group === undefined ? Number.NaN : (group.end - group.start) / 1000;
}

/** Returns the lines inside a group that match the pattern, in arrival order. */
export function linesInGroup(timeline: StepTimeline, group: LogGroup, pattern: RegExp): TimedLine[] {
  return timeline.lines.filter((line) => line.at >= group.start && line.at <= group.end && pattern.test(line.text));
}

/** Returns the seconds from spawn to the first line the step printed, or NaN when it printed none. */
export function startupSeconds(timeline: StepTimeline): number {
  const first = timeline.lines[0];
  return first === undefined ? Number.NaN : (first.at - timeline.spawnedAt) / 1000;
}

/** Returns the log with each line prefixed by its arrival in seconds after spawn, for reading where time went. */
export function timedLog(timeline: StepTimeline): string {
  return timeline.lines.map((line) => `${((line.at - timeline.spawnedAt) / 1000).toFixed(3).padStart(8)} ${line.text}\n`).join('');
}

/** Returns the seconds from spawn to the close of the step's output streams. */
export function wallSeconds(timeline: StepTimeline): number {
  return (timeline.closedAt - timeline.spawnedAt) / 1000;
}
