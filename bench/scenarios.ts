// Runs the bundled action as a runner would, main step then post step, and records each step's
// timed log and peak RSS. Also runs the manual flow that the action replaces.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { runActionStep, type StepOptions, type StepResult } from '../test/support/run-action.js';
import { runDocker, type DockerRun } from './docker.js';
import { sampleRss, type RssRecording, type RssSampler } from './peak-rss.js';
import { recordTimeline, type StepTimeline } from './phases.js';

const execFileAsync = promisify(execFile);

/** One step of the action: what it left, its timed log and its node process's memory. */
export interface MeasuredStep {
  result: StepResult;
  timeline: StepTimeline;
  rss: RssRecording;
}

/** A main step and the post step that followed it. */
export interface MeasuredJob {
  name: string;
  main: MeasuredStep;
  post: MeasuredStep;
}

/** The manual flow without any cache: a `docker build --no-cache`, then one `docker run`. */
export interface BaselineRun {
  build: DockerRun;
  run: DockerRun;
}

async function runMeasuredStep(options: StepOptions): Promise<MeasuredStep> {
  // A holder object, because TypeScript does not see assignments made inside the callback.
  const probes: { timeline?: StepTimeline; sampler?: RssSampler } = {};
  const result = await runActionStep({
    ...options,
    onStart: (child) => {
      probes.timeline = recordTimeline(child);
      if (child.pid !== undefined) probes.sampler = sampleRss(child.pid);
    },
  });
  const rss = probes.sampler?.stop() ?? { peakKiB: 0, samples: [] };
  if (probes.timeline === undefined) throw new Error('runActionStep did not report the started child process');
  return { result, timeline: probes.timeline, rss };
}

/** Runs main, then post with the state that main saved, as the runner does for a node24 action. */
export async function runMeasuredJob(name: string, options: StepOptions): Promise<MeasuredJob> {
  const main = await runMeasuredStep(options);
  const post = await runMeasuredStep({ ...options, state: main.result.state });
  return { name, main, post };
}

/** Removes everything inside a directory but keeps the directory, creating it when missing. */
export function emptyDirectory(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
}

/**
 * Commits an edit to the fixture's shared pkg/app package and returns the new commit. A new
 * exported variable changes the package's export data, so Go recompiles it and relinks all four
 * binaries that import it.
 */
export async function commitSourceChange(repoPath: string, revision: string): Promise<string> {
  const file = path.join(repoPath, 'pkg', 'app', 'app.go');
  fs.appendFileSync(file, `\n// BenchRevision changes with each benchmark edit of this package.\nvar BenchRevision = "${revision}"\n`);
  // Inherited GIT_* variables (from a git hook, say) and the user's git configuration must not
  // redirect or change the commit.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
  Object.assign(env, { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' });
  const git = ['-c', 'user.name=k8s-mesos-builder bench', '-c', 'user.email=bench@k8s-mesos-builder.invalid', '-C', repoPath];
  await execFileAsync('git', [...git, 'commit', '-q', '-a', '-m', `Bench edit ${revision}`], { env });
  const { stdout } = await execFileAsync('git', [...git, 'rev-parse', 'HEAD'], { env });
  return stdout.trim();
}

/**
 * Builds the builder image from scratch with the classic builder and runs one build of the
 * snapshot into outDir, with GOCACHE left inside the container, so nothing is reused.
 */
export async function runBaseline(builderDir: string, tag: string, goVersion: string, snapshot: string, outDir: string): Promise<BaselineRun> {
  const buildArgs = ['build', '--no-cache', '-t', tag, '--build-arg', `GO_VERSION=${goVersion}`, builderDir];
  const build = await runDocker(buildArgs, { DOCKER_BUILDKIT: '0' });
  if (build.exitCode !== 0) return { build, run: { exitCode: null, output: '', seconds: Number.NaN } };
  fs.mkdirSync(outDir, { recursive: true });
  const run = await runDocker(['run', '--rm', '-v', `${snapshot}:/snapshot:ro`, '-v', `${outDir}:/target`, tag]);
  return { build, run };
}
