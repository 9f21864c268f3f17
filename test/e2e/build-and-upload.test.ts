import fs from 'node:fs';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionsServices } from '../support/actions-services/results-server.js';
import { startBuildEnvironment, type BuildEnvironment } from '../support/build-environment.js';
import { goVersionM, run } from '../support/docker-checks.js';
import type { FixtureRepo, GitDaemon } from '../support/fixture-repo.js';
import { runActionJob, type StepResult } from '../support/run-action.js';
import { withEnv } from '../support/with-env.js';
import type { BuildInfo } from '../../src/package/build-info.js';

const BINARIES = ['proxy', 'controller-manager', 'kubernetes-mesos', 'kubernetes-executor'];

let environment: BuildEnvironment;
let services: ActionsServices;
let fixture: FixtureRepo;
let daemon: GitDaemon;
let scratch: string;
let runCounter = 0;

beforeAll(async () => {
  environment = await startBuildEnvironment('e2e-build-');
  ({ services, fixture, daemon, scratch } = environment);
});

afterAll(async () => {
  await environment?.stop();
});

/** Runs the action as one job of a fresh workflow run, with caches off so each case is independent. */
async function buildJob(inputs: Record<string, string>): Promise<{ main: StepResult; post: StepResult; runId: string }> {
  runCounter += 1;
  const runId = `00000000-0000-4000-8000-00000000000${runCounter}`;
  const env = services.env(runId);
  const result = await runActionJob({ inputs: { cache: 'false', 'go-build-cache': 'false', ...inputs }, env, runnerTemp: env.RUNNER_TEMP, workspace: env.GITHUB_WORKSPACE });
  return { ...result, runId };
}

/** Downloads an artifact with the real client, as a later job of the same run would. */
async function downloadArtifact(runId: string, artifactId: number): Promise<string> {
  const env = services.env(runId, '33333333-3333-4333-8333-333333333333');
  const destination = fs.mkdtempSync(path.join(scratch, 'download-'));
  await withEnv(env, () => new DefaultArtifactClient().downloadArtifact(artifactId, { path: destination }));
  return destination;
}

function expectSucceeded(step: StepResult): void {
  expect(step.log).not.toMatch(/::error::/);
  expect(step.exitCode).toBe(0);
}

async function expectBinariesRun(binaries: string[], commit: string, profile: boolean): Promise<void> {
  for (const binary of binaries) {
    const output = await run(binary, ['--version']);
    expect(output).toContain(path.basename(binary));
    expect(output).toContain(commit);
    expect(output).toContain(profile ? 'profile=enabled' : 'profile=disabled');
  }
}

describe('clone mode', () => {
  it('builds the default branch and uploads the same bytes', async () => {
    const { main, post, runId } = await buildJob({ 'git-repo': daemon.url('kubernetes-mesos') });
    expectSucceeded(main);
    expectSucceeded(post);

    expect(main.outputs.commit).toBe(fixture.commits.master);
    expect(main.outputs['image-id']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(main.outputs['artifact-name']).toBe('kubernetes-mesos-default-go1.19');
    const binaries = JSON.parse(main.outputs.binaries) as string[];
    expect(binaries.map((binary) => path.basename(binary))).toEqual(BINARIES);
    expect(binaries.every((binary) => path.dirname(binary) === main.outputs['target-dir'])).toBe(true);
    await expectBinariesRun(binaries, fixture.commits.master, false);

    const artifactId = Number(main.outputs['artifact-id']);
    expect(main.outputs['artifact-url']).toBe(`http://github.localhost/example/k8s-mesos-builder-tests/actions/runs/1001/artifacts/${artifactId}`);
    const listed = services.artifacts(runId);
    expect(listed.map((artifact) => artifact.name)).toEqual(['kubernetes-mesos-default-go1.19']);
    expect(main.outputs['artifact-digest']).not.toBe('');

    // The artifact contains one tarball that keeps the executable bit through a download.
    const downloaded = await downloadArtifact(runId, artifactId);
    const tarballName = 'kubernetes-mesos-default-go1.19.tar.gz';
    expect(fs.readdirSync(downloaded)).toEqual([tarballName]);
    expect(main.outputs.tarball).toBe(path.join(main.outputs['target-dir'], tarballName));
    expect(fs.readFileSync(path.join(downloaded, tarballName)).equals(fs.readFileSync(main.outputs.tarball))).toBe(true);
    const unpacked = fs.mkdtempSync(path.join(scratch, 'unpacked-'));
    await run('tar', ['-xzf', path.join(downloaded, tarballName), '-C', unpacked]);
    const packageDir = path.join(unpacked, 'kubernetes-mesos-default-go1.19');
    expect(fs.readdirSync(packageDir).sort()).toEqual([...BINARIES, 'SHA256SUMS', 'build-info.json'].sort());
    for (const binary of binaries) {
      const copy = path.join(packageDir, path.basename(binary));
      expect(fs.statSync(copy).mode & 0o777).toBe(0o755);
      expect(fs.readFileSync(copy).equals(fs.readFileSync(binary))).toBe(true);
    }
    await expectBinariesRun(BINARIES.map((name) => path.join(packageDir, name)), fixture.commits.master, false);
    const verified = await run('sha256sum', ['-c', 'SHA256SUMS'], undefined, packageDir);
    expect(verified.trim().split('\n')).toEqual(BINARIES.map((name) => `${name}: OK`));
    expect(main.outputs.checksums).toBe(path.join(main.outputs['target-dir'], 'SHA256SUMS'));

    // The metadata output, build-info.json and the job summary describe the same binaries.
    const metadata = JSON.parse(main.outputs.metadata) as BuildInfo;
    expect(JSON.parse(fs.readFileSync(path.join(packageDir, 'build-info.json'), 'utf8'))).toEqual(metadata);
    expect(metadata.commit).toBe(fixture.commits.master);
    expect(metadata.repository).toBe(daemon.url('kubernetes-mesos'));
    expect(metadata.builderImage.id).toBe(main.outputs['image-id']);
    expect(metadata.goVersion).toMatch(/^go1\.19/);
    expect(metadata.binaries.map((binary) => binary.name)).toEqual(BINARIES);
    for (const binary of metadata.binaries) {
      const file = path.join(main.outputs['target-dir'], binary.name);
      expect(binary.size).toBe(fs.statSync(file).size);
      expect(binary.sha256).toBe((await run('sha256sum', [file])).split(' ')[0]);
      expect(binary.buildSettings['-ldflags']).toContain(fixture.commits.master);
      expect(main.summary).toContain(`<code>${binary.sha256}</code>`);
    }
    expect(main.summary).toContain(`<code>${fixture.commits.master}</code>`);
    expect(main.summary).toContain(`href="${main.outputs['artifact-url']}"`);
    expect(main.summary).toMatch(/<td>Build bootstrap install in k8s-mesos-builder:go1\.19-[0-9a-f]{20}<\/td><td>\d+\.\d<\/td>/);

    const buildInfo = await goVersionM(main.outputs['image-id'], binaries[0]);
    expect(buildInfo).not.toContain('-tags=');
    expect(buildInfo).not.toContain('-race=true');
    expect(buildInfo).toContain(`gitCommit=${fixture.commits.master}`);
  });

  it('builds a branch with the profile tag', async () => {
    const { main } = await buildJob({ 'git-repo': daemon.url('kubernetes-mesos'), branch: fixture.branch, tags: 'profile' });
    expectSucceeded(main);
    expect(main.outputs.commit).toBe(fixture.commits.branch);
    expect(main.outputs['artifact-name']).toBe(`kubernetes-mesos-${fixture.branch}-go1.19-profile`);
    const binaries = JSON.parse(main.outputs.binaries) as string[];
    await expectBinariesRun(binaries, fixture.commits.branch, true);
    for (const binary of binaries) {
      const buildInfo = await goVersionM(main.outputs['image-id'], binary);
      expect(buildInfo).toContain('-tags=profile');
      expect(buildInfo).not.toContain('-race=true');
    }
    const metadata = JSON.parse(main.outputs.metadata) as BuildInfo;
    expect(metadata.binaries.every((binary) => binary.buildSettings['-tags'] === 'profile')).toBe(true);
    expect(main.summary).toMatch(/<td>proxy<\/td><td>[\d.]+ MiB<\/td><td><code>[0-9a-f]{64}<\/code><\/td><td>profile<\/td><td>no<\/td>/);
  });

  it('builds a tag with the race detector', async () => {
    const { main } = await buildJob({ 'git-repo': daemon.url('kubernetes-mesos'), branch: fixture.tag, race: 'true' });
    expectSucceeded(main);
    expect(main.outputs.commit).toBe(fixture.commits.tag);
    const binaries = JSON.parse(main.outputs.binaries) as string[];
    await expectBinariesRun(binaries, fixture.commits.tag, false);
    const buildInfo = await goVersionM(main.outputs['image-id'], binaries[2]);
    expect(buildInfo).toContain('-race=true');
    expect(buildInfo).not.toContain('-tags=');
    expect(main.summary).toMatch(/<td>kubernetes-mesos<\/td><td>[\d.]+ MiB<\/td><td><code>[0-9a-f]{64}<\/code><\/td><td>none<\/td><td>yes<\/td>/);
  });

  it('fails with the missing branch named', async () => {
    const { main, runId } = await buildJob({ 'git-repo': daemon.url('kubernetes-mesos'), branch: 'no-such-branch' });
    expect(main.exitCode).toBe(1);
    expect(main.log).toContain("cannot check out 'no-such-branch'");
    expect(services.artifacts(runId)).toEqual([]);
  });
});

describe('artifacts of a matrix', () => {
  it('gives two branches two artifacts in one run', async () => {
    runCounter += 1;
    const runId = `00000000-0000-4000-8000-00000000010${runCounter}`;
    const jobs = await Promise.all(
      [fixture.defaultBranch, fixture.branch].map((branch, index) => {
        const env = services.env(runId, `44444444-4444-4444-8444-00000000000${index}`);
        return runActionJob({ inputs: { 'git-repo': daemon.url('kubernetes-mesos'), branch, cache: 'false', 'go-build-cache': 'false' }, env, runnerTemp: env.RUNNER_TEMP, workspace: env.GITHUB_WORKSPACE });
      }),
    );
    for (const job of jobs) expectSucceeded(job.main);
    expect(services.artifacts(runId).map((artifact) => artifact.name).sort()).toEqual(['kubernetes-mesos-master-go1.19', 'kubernetes-mesos-release-0.7-go1.19']);
  });

  it('explains a name used twice in one run', async () => {
    runCounter += 1;
    const runId = `00000000-0000-4000-8000-00000000020${runCounter}`;
    const inputs = { 'git-repo': daemon.url('kubernetes-mesos'), 'artifact-name': 'release-binaries', cache: 'false', 'go-build-cache': 'false' };
    const first = services.env(runId, '55555555-5555-4555-8555-000000000001');
    const second = services.env(runId, '55555555-5555-4555-8555-000000000002');
    const firstJob = await runActionJob({ inputs, env: first, runnerTemp: first.RUNNER_TEMP, workspace: first.GITHUB_WORKSPACE });
    expectSucceeded(firstJob.main);
    const secondJob = await runActionJob({ inputs, env: second, runnerTemp: second.RUNNER_TEMP, workspace: second.GITHUB_WORKSPACE });
    expect(secondJob.main.exitCode).toBe(1);
    expect(secondJob.main.log).toContain("::error::This workflow run already has an artifact named 'release-binaries', and artifacts cannot be replaced.");
    expect(secondJob.main.log).toContain("or set 'overwrite: true' to replace it.");
    expect(secondJob.main.outputs['artifact-id']).toBeUndefined();

    const overwritten = await runActionJob({ inputs: { ...inputs, overwrite: 'true' }, env: second, runnerTemp: second.RUNNER_TEMP, workspace: second.GITHUB_WORKSPACE });
    expectSucceeded(overwritten.main);
    expect(services.artifacts(runId).map((artifact) => artifact.name)).toEqual(['release-binaries']);
    expect(String(services.artifacts(runId)[0].id)).toBe(overwritten.main.outputs['artifact-id']);
  });

  it('uploads loose files when asked', async () => {
    const { main, runId } = await buildJob({ 'git-repo': daemon.url('kubernetes-mesos'), archive: 'false' });
    expectSucceeded(main);
    expect(main.outputs.tarball).toBe('');
    const downloaded = await downloadArtifact(runId, Number(main.outputs['artifact-id']));
    expect(fs.readdirSync(downloaded).sort()).toEqual([...BINARIES, 'SHA256SUMS', 'build-info.json'].sort());
    // This is why the tarball is the default: the download loses the executable bit.
    expect(fs.statSync(path.join(downloaded, 'proxy')).mode & 0o111).toBe(0);
    const verified = await run('sha256sum', ['-c', 'SHA256SUMS'], undefined, downloaded);
    expect(verified).toContain('proxy: OK');
  });
});

describe('snapshot mode', () => {
  it('builds a branch of a local checkout', async () => {
    const { main, post } = await buildJob({ source: fixture.path, branch: fixture.branch, 'target-dir': path.join(scratch, 'snapshot-out') });
    expectSucceeded(main);
    expectSucceeded(post);
    expect(main.outputs.commit).toBe(fixture.commits.branch);
    expect(main.outputs['target-dir']).toBe(path.join(scratch, 'snapshot-out'));
    expect(main.log).toContain('Copying the snapshot at /snapshot');
    await expectBinariesRun(JSON.parse(main.outputs.binaries) as string[], fixture.commits.branch, false);
  });

  it('builds a tree that is not a git repository', async () => {
    const plain = path.join(scratch, 'plain-tree');
    fs.cpSync(fixture.path, plain, { recursive: true, filter: (entry) => path.basename(entry) !== '.git' });
    const { main } = await buildJob({ source: plain });
    expectSucceeded(main);
    expect(main.outputs.commit).toBe('');
    await expectBinariesRun(JSON.parse(main.outputs.binaries) as string[], 'unknown', false);
  });

  it('rejects a branch of a tree that is not a git repository', async () => {
    const plain = path.join(scratch, 'plain-tree-2');
    fs.mkdirSync(plain);
    fs.writeFileSync(path.join(plain, 'Makefile'), 'all:\n');
    const { main, runId } = await buildJob({ source: plain, branch: 'master' });
    expect(main.exitCode).toBe(1);
    expect(main.log).toContain(`::error::Invalid input 'source'`);
    expect(main.log).toContain('is not a git repository');
    expect(main.log).not.toContain('Prepare the builder image');
    expect(services.artifacts(runId)).toEqual([]);
  });
});
