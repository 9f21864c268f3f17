import * as core from '@actions/core';

/** Wall time of one phase of the run, for the job summary. */
export interface PhaseTime {
  title: string;
  seconds: number;
}

/** Runs each phase in its own log group and records how long it took, also when it throws. */
export class PhaseTimer {
  readonly phases: PhaseTime[] = [];

  async run<T>(title: string, phase: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await core.group(title, phase);
    } finally {
      this.phases.push({ title, seconds: (performance.now() - started) / 1000 });
    }
  }
}
