// Peak resident set size of one process, read from Linux's /proc/PID/status while it runs.
import fs from 'node:fs';

const SAMPLE_INTERVAL_MS = 20;

/** A running sampler; stop() returns the highest VmHWM seen, in KiB (0 when no sample was read). */
export interface PeakRssSampler {
  stop(): number;
}

function readHighWaterMarkKiB(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    return match === null ? undefined : Number(match[1]);
  } catch {
    // The process has exited and been reaped.
    return undefined;
  }
}

/**
 * Samples VmHWM, the kernel's own peak RSS of the process (not of its children), every 20 ms.
 * NOTE: the kernel's value is exact, but growth during the last interval before exit is missed,
 * because /proc/PID is gone once Node reaps the child.
 */
export function samplePeakRss(pid: number): PeakRssSampler {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, readHighWaterMarkKiB(pid) ?? 0);
  };
  sample();
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
