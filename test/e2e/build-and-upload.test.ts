import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startActionsServices, type ActionsServices } from '../support/actions-services/results-server.js';
import { bridgeGateway, goVersionM, run } from '../support/docker-checks.js';
import { createFixtureRepo, startGitDaemon, type FixtureRepo, type GitDaemon } from '../support/fixture-repo.js';
import { runActionJob, type StepResult } from '../support/run-action.js';

const BINARIES = ['proxy', 'controller-manager', 'kubernetes-mesos', 'kubernetes-executor'];

let services: ActionsServices;
let fixture: FixtureRepo;
let daemon: GitDaemon;
let scratch: string;
let runCounter = 0;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-build-'));
  services = await startActionsServices();
  fixture = await createFixtureRepo(scratch);
  // Containers on the default bridge reach the host through the bridge gateway, not 127.0.0.1.
  daemon = await startGitDaemon(scratch, await bridgeGateway());
});

afterAll(async () => {
  await daemon?.stop();
  await services?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Runs the action as one job of a fresh workflow run, with caches off so each case stands alone. */
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
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const destination = fs.mkdtempSync(path.join(scratch, 'download-'));
    await new DefaultArtifactClient().downloadArtifact(artifactId, { path: destination });
    return destination;
  } finally {
    for (const name of Object.keys(env)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
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

    const downloaded = await downloadArtifact(runId, artifactId);
    expect(fs.readdirSync(downloaded).sort()).toEqual([...BINARIES].sort());
    for (const binary of binaries) {
      const copy = fs.readFileSync(path.join(downloaded, path.basename(binary)));
      expect(copy.equals(fs.readFileSync(binary))).toBe(true);
    }

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
  });

  it('fails with the missing branch named', async () => {
    const { main, runId } = await buildJob({ 'git-repo': daemon.url('kubernetes-mesos'), branch: 'no-such-branch' });
    expect(main.exitCode).toBe(1);
    expect(main.log).toContain("cannot check out 'no-such-branch'");
    expect(services.artifacts(runId)).toEqual([]);
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
