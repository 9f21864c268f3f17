// Measures the phases of the bundled action (dist/index.js) on the Go fixture with go-version 1.23,
// against the loopback stand-in of GitHub's cache and artifact services, in four scenarios, and
// times the manual flow without caching as the baseline. Run with `npm run bench`; the results
// are explained in docs/benchmarks.md. BENCH_KEEP_SCRATCH=1 keeps the logs and work directories.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startActionsServices, type ActionsServices } from '../test/support/actions-services/results-server.js';
import { createFixtureRepo } from '../test/support/fixture-repo.js';
import { REPO_ROOT } from '../test/support/run-action.js';
import { copyActionWithNonce } from './bench-action.js';
import { removeImage } from './docker.js';
import { baselineFigures, jobFigures, type JobFigures } from './figures.js';
import { findGroup, logGroups, timedLog } from './phases.js';
import { printReport } from './report.js';
import { commitSourceChange, emptyDirectory, runBaseline, runMeasuredJob, type MeasuredJob } from './scenarios.js';

const GO_VERSION = '1.23';
const LOG_TAIL_LINES = 40;

const nonce = crypto.randomBytes(4).toString('hex');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mesos-builder-bench-'));
const actionDir = path.join(scratch, 'action');
const logDir = path.join(scratch, 'logs');
// One RUNNER_TEMP path for every scenario, because the cache version hashes the cached paths and
// the action keeps them under RUNNER_TEMP. Emptying it between scenarios mimics a fresh runner.
const runnerTemp = path.join(scratch, 'runner', 'temp');
const workspace = path.join(scratch, 'runner', 'workspace');
// Every image tag this run creates, and no other, is removed between scenarios and at the end.
const benchImages = new Set<string>();

function progress(message: string): void {
  console.log(`[bench] ${message}`);
}

function describeMachine(): void {
  const server = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' }).trim();
  const bundle = crypto.createHash('sha256').update(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'index.js'))).digest('hex');
  progress(`${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, Docker Engine ${server}`);
  progress(`dist/index.js sha256 ${bundle.slice(0, 16)}, image nonce bench-${nonce}`);
}

async function removeBenchImages(): Promise<void> {
  for (const reference of benchImages) await removeImage(reference);
}

// The Build group's title ends with the image reference: "Build <make args> in <reference>".
function builderReference(job: MeasuredJob): string | undefined {
  const title = findGroup(logGroups(job.main.timeline), 'Build ')?.title;
  return title === undefined ? undefined : / in (\S+)$/.exec(title)?.[1];
}

function slug(name: string): string {
  return name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
}

/** Runs one scenario on an emptied RUNNER_TEMP, as a new job; throws when a step failed. */
async function runScenario(services: ActionsServices, name: string, runNumber: number, inputs: Record<string, string>): Promise<JobFigures> {
  emptyDirectory(runnerTemp);
  fs.mkdirSync(workspace, { recursive: true });
  // Each scenario is its own workflow run, because an artifact name can be used once per run.
  const runId = `00000000-0000-4000-8000-${String(runNumber).padStart(12, '0')}`;
  const env = { ...services.env(runId), RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: workspace };
  progress(`${name}: running the action`);
  const job = await runMeasuredJob(name, { inputs, env, runnerTemp, workspace, actionDir });

  fs.writeFileSync(path.join(logDir, `${slug(name)}-main.log`), timedLog(job.main.timeline));
  fs.writeFileSync(path.join(logDir, `${slug(name)}-post.log`), timedLog(job.post.timeline));
  const reference = builderReference(job);
  if (reference !== undefined) benchImages.add(reference);

  for (const [step, result] of [['main', job.main.result], ['post', job.post.result]] as const) {
    if (result.exitCode !== 0) {
      const tail = result.log.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
      throw new Error(`scenario "${name}": the ${step} step exited with ${result.exitCode ?? result.signal}. Last lines of its log:\n${tail}`);
    }
  }
  const figures = jobFigures(job);
  progress(`${name}: ${figures.total.toFixed(1)} s (builder ready ${figures.builderReady.toFixed(1)} s, make ${figures.make.toFixed(1)} s)`);
  return figures;
}

async function runBaselineScenario(builderDir: string, snapshot: string): Promise<JobFigures> {
  const tag = `k8s-mesos-builder-bench:baseline-${nonce}`;
  benchImages.add(tag);
  progress('baseline: docker build --no-cache, then docker run');
  const baseline = await runBaseline(builderDir, tag, GO_VERSION, snapshot, path.join(scratch, 'baseline-out'));
  fs.writeFileSync(path.join(logDir, 'baseline-build.log'), baseline.build.output);
  fs.writeFileSync(path.join(logDir, 'baseline-run.log'), baseline.run.output);
  for (const [step, result] of [['docker build', baseline.build], ['docker run', baseline.run]] as const) {
    if (result.exitCode !== 0) {
      const tail = result.output.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
      throw new Error(`baseline: ${step} exited with ${result.exitCode}. Last lines of its output:\n${tail}`);
    }
  }
  const figures = baselineFigures(baseline);
  progress(`baseline: ${figures.total.toFixed(1)} s (docker build ${figures.builderReady.toFixed(1)} s, docker run ${figures.make.toFixed(1)} s)`);
  return figures;
}

async function runAll(services: ActionsServices): Promise<number> {
  const builderDir = copyActionWithNonce(REPO_ROOT, actionDir, nonce);
  const fixture = await createFixtureRepo(path.join(scratch, 'source'));
  const inputs = { source: fixture.path, 'go-version': GO_VERSION };

  const cold = await runScenario(services, 'cold', 1, inputs);
  await removeBenchImages();
  const warmNewRunner = await runScenario(services, 'warm, new runner', 2, inputs);
  const warmSameRunner = await runScenario(services, 'warm, same runner', 3, inputs);
  progress(`source change: committed ${await commitSourceChange(fixture.path, nonce)} on the fixture`);
  await removeBenchImages();
  const sourceChange = await runScenario(services, 'source change, new runner', 4, inputs);
  await removeBenchImages();
  const baseline = await runBaselineScenario(builderDir, fixture.path);
  await removeBenchImages();

  console.log('');
  return printReport({ cold, warm: [warmNewRunner, warmSameRunner, sourceChange], baseline });
}

// Children share the terminal's process group, so Ctrl-C stops them. This process stays to clean up.
process.on('SIGINT', () => progress('interrupted, so removing the images and services of this run'));

describeMachine();
fs.mkdirSync(logDir, { recursive: true });
const services = await startActionsServices({ rootDir: path.join(scratch, 'services') });
progress(`blob URLs name ${services.blobUrlHost}, so @actions/cache downloads as it does ${services.blobUrlHost === '127.0.0.1' ? 'from non-Azure hosts (its HTTP client)' : 'on GitHub (the Azure SDK)'}`);
let exitCode = 0;
try {
  const failedTargets = await runAll(services);
  progress(`${failedTargets} of 4 targets missed. A missed target does not fail the benchmark.`);
} catch (error: unknown) {
  console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await removeBenchImages().catch((error: unknown) => console.error(`[bench] removing the benchmark's images failed: ${String(error)}`));
  await services.stop();
}
if (exitCode !== 0 || process.env.BENCH_KEEP_SCRATCH === '1') {
  progress(`logs and work directories kept in ${scratch}`);
} else {
  fs.rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
