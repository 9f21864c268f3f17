// Resident set size of one process, read from Linux's /proc/PID/status while it runs.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const SAMPLE_INTERVAL_MS = 20;

/** One reading of VmRSS in KiB, at a time on the performance.now() clock. */
export interface RssSample {
  at: number;
  rssKiB: number;
}

/** The record of one sampler: the highest VmHWM (the kernel's own peak) and every VmRSS reading. */
export interface RssRecording {
  peakKiB: number;
  samples: RssSample[];
}

/** A running sampler; stop() returns what it recorded. */
export interface RssSampler {
  stop(): RssRecording;
}

function readStatus(pid: number): { hwmKiB: number; rssKiB: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    const rss = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return hwm === null || rss === null ? undefined : { hwmKiB: Number(hwm[1]), rssKiB: Number(rss[1]) };
  } catch {
    // The process has exited and been reaped.
    return undefined;
  }
}

/**
 * Samples the process (not its children) every 20 ms.
 * NOTE: VmHWM is exact, but growth during the last interval before exit is missed, because
 * /proc/PID is gone once Node reaps the child. A VmRSS peak shorter than 20 ms can fall between samples.
 */
export function sampleRss(pid: number): RssSampler {
  const recording: RssRecording = { peakKiB: 0, samples: [] };
  const sample = (): void => {
    const status = readStatus(pid);
    if (status === undefined) return;
    recording.peakKiB = Math.max(recording.peakKiB, status.hwmKiB);
    recording.samples.push({ at: performance.now(), rssKiB: status.rssKiB });
  };
  sample();
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      return recording;
    },
  };
}

/** Returns the highest VmRSS sampled inside any of the windows, in KiB, or NaN when none fell inside. */
export function maxRssWithin(samples: RssSample[], windows: { start: number; end: number }[]): number {
  const inside = samples.filter((sample) => windows.some((window) => sample.at >= window.start && sample.at <= window.end));
  return inside.length === 0 ? Number.NaN : Math.max(...inside.map((sample) => sample.rssKiB));
}
