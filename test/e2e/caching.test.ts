import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startActionsServices, type ActionsServices } from '../support/actions-services/results-server.js';
import { copyAction } from '../support/action-copy.js';
import { run } from '../support/docker-checks.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';
import { runActionJob, runActionStep, type StepResult } from '../support/run-action.js';
import { withEnv } from '../support/with-env.js';
import * as cache from '@actions/cache';
import { imageCacheKeys, pulledImageCacheKeys } from '../../src/cache/cache-keys.js';
import { builderImageKey } from '../../src/build/image-key.js';

// A sequence of jobs on "fresh runners" that share one cache service, as successive workflow runs do.
// Each job starts with an empty RUNNER_TEMP (same path, because the cache version hashes the cached
// paths) and, unless stated, without the builder image in the engine.

let services: ActionsServices;
let fixture: FixtureRepo;
let scratch: string;
let actionDir: string;
let runnerTemp: string;
let workspace: string;
const createdImages = new Set<string>();

// -x makes go print every compile command, which shows whether GOCACHE was reused.
const INPUTS = { 'make-args': 'bootstrap install GOFLAGS=-x', 'artifact-name': 'binaries' };
const APP_COMPILE = /compile -o \S+ .*-p github\.com\/mesosphere\/kubernetes-mesos\/pkg\/app /;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-cache-'));
  services = await startActionsServices();
  fixture = await createFixtureRepo(scratch);
  // A nonce in the first build step gives this suite image layers no other test shares.
  actionDir = copyAction(path.join(scratch, 'action'), `cache-test-${crypto.randomBytes(4).toString('hex')}`);
  runnerTemp = path.join(scratch, 'runner-temp');
  workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace);
});

afterAll(async () => {
  for (const id of createdImages) await run('docker', ['rmi', '--force', id]).catch(() => undefined);
  await services?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

let jobCounter = 0;

/** Runs the action as a job on a fresh runner: empty RUNNER_TEMP, a new run ID. */
async function freshRunnerJob(inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}): Promise<{ main: StepResult; post: StepResult }> {
  jobCounter += 1;
  fs.rmSync(runnerTemp, { recursive: true, force: true });
  fs.mkdirSync(runnerTemp, { recursive: true });
  const env = { ...services.env(`00000000-0000-4000-8000-0000000001${String(jobCounter).padStart(2, '0')}`), ...extraEnv };
  const result = await runActionJob({ inputs: { source: fixture.path, ...INPUTS, ...inputs }, env, runnerTemp, workspace, actionDir });
  const imageId = result.main.outputs['image-id'];
  if (imageId) createdImages.add(imageId);
  return result;
}

async function removeBuilderImages(): Promise<void> {
  for (const id of createdImages) await run('docker', ['rmi', '--force', id]).catch(() => undefined);
}

/** Commits a comment added to version.go on the fixture, and returns the new commit. */
async function commitFixtureChange(comment: string): Promise<string> {
  fs.appendFileSync(path.join(fixture.path, 'pkg', 'version', 'version.go'), `\n// ${comment}\n`);
  await run('git', ['-C', fixture.path, '-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qam', comment]);
  return (await run('git', ['-C', fixture.path, 'rev-parse', 'HEAD'])).trim();
}

function changeEntrypoint(comment: string): void {
  fs.appendFileSync(path.join(actionDir, 'src', 'builder', 'entrypoint.sh'), `# ${comment}\n`);
}

function imageEntries(): string[] {
  return services.cacheEntries().filter((entry) => entry.key.includes('-image-')).map((entry) => entry.key);
}

function goCacheEntries(): string[] {
  return services.cacheEntries().filter((entry) => entry.key.includes('-gocache-')).map((entry) => entry.key);
}

function expectSucceeded(step: StepResult): void {
  expect(step.log).not.toMatch(/::error::/);
  expect(step.exitCode).toBe(0);
}

describe('builder image and Go build caches', () => {
  let coldImageId = '';

  it('cold run builds, compiles and saves both caches', async () => {
    const { main, post } = await freshRunnerJob();
    expectSucceeded(main);
    expectSucceeded(post);
    expect(main.outputs['cache-hit']).toBe('false');
    expect(main.log).toMatch(/Step 1\/\d+ : ARG BASE_IMAGE/);
    expect(main.log).toContain('no image with content key');
    expect(main.log).toMatch(APP_COMPILE);
    expect(imageEntries()).toHaveLength(1);
    expect(imageEntries()[0]).toMatch(/^k8s-mesos-builder-image-linux-x64-go1\.19-[0-9a-f]{20}$/);
    expect(goCacheEntries()).toEqual([expect.stringMatching(new RegExp(`-${fixture.commits.master}$`))]);
    coldImageId = main.outputs['image-id'];
  });

  it('warm run loads the image and reuses GOCACHE', async () => {
    await removeBuilderImages();
    const createsBefore = services.requests.filter((request) => request.method === 'CreateCacheEntry').length;
    const { main, post } = await freshRunnerJob();
    expectSucceeded(main);
    expectSucceeded(post);
    expect(main.outputs['cache-hit']).toBe('true');
    expect(main.outputs['image-id']).toBe(coldImageId);
    expect(main.log).toContain('loaded from the exact cache entry');
    expect(main.log).not.toMatch(/Step 1\/\d+ :/);
    expect(main.log).toContain(`Restored the Go build cache ${goCacheEntries()[0]}`);
    expect(main.log).not.toMatch(APP_COMPILE);
    expect(main.log).toMatch(/link -o/);
    // Nothing new to save: same image key, same commit.
    expect(services.requests.filter((request) => request.method === 'CreateCacheEntry').length).toBe(createsBefore);
    expect(imageEntries()).toHaveLength(1);
    expect(goCacheEntries()).toHaveLength(1);
  });

  it('same runner uses the image in the engine', async () => {
    const { main } = await freshRunnerJob();
    expectSucceeded(main);
    expect(main.outputs['cache-hit']).toBe('true');
    expect(main.log).toContain('the engine already has an image with content key');
    expect(main.log).not.toContain('loaded from the exact cache entry');
  });

  it('changed entrypoint rebuilds from the older image', async () => {
    await removeBuilderImages();
    changeEntrypoint('changed by the caching test');
    const { main, post } = await freshRunnerJob();
    expectSucceeded(main);
    expectSucceeded(post);
    expect(main.outputs['cache-hit']).toBe('false');
    expect(main.log).toMatch(/Rebuilding from k8s-mesos-builder:go1\.19-[0-9a-f]{20}/);
    // The toolchain step comes from the restored image; the entrypoint step runs again.
    const toolchainStep = main.log.slice(main.log.indexOf('RUN set -eux;'), main.log.indexOf('ENV GOPATH'));
    expect(toolchainStep).toContain('Using cache');
    const copyStep = main.log.slice(main.log.indexOf('COPY entrypoint.sh'), main.log.indexOf('ENV HOME'));
    expect(copyStep).not.toContain('Using cache');
    expect(main.outputs['image-id']).not.toBe(coldImageId);
    expect(imageEntries()).toHaveLength(2);
  });

  it('new commit restores the Go cache by prefix', async () => {
    const commit = await commitFixtureChange('A change that makes a new commit.');
    const { main, post } = await freshRunnerJob();
    expectSucceeded(main);
    expectSucceeded(post);
    expect(main.outputs.commit).toBe(commit);
    expect(main.log).toContain(`Restored the Go build cache ${goCacheEntries()[0]}`);
    // The vendored package did not change, so it comes from the restored GOCACHE.
    expect(main.log).not.toMatch(/compile -o \S+ .*-p github\.com\/k8sm-fixture\/flagenv /);
    expect(post.log).toContain(`Saved the Go build cache as ${goCacheEntries().at(-1)}`);
    expect(goCacheEntries().at(-1)).toMatch(new RegExp(`-${commit}$`));
  });

  it('parallel saves of one key', async () => {
    const commit = await commitFixtureChange('A change that two matrix jobs build.');
    // Main steps take turns on one RUNNER_TEMP path, because dockerd mounts host paths. The post
    // steps then save one key at the same time, each with its own copy of RUNNER_TEMP.
    const jobs = ['00000000-0000-4000-8000-000000000301', '00000000-0000-4000-8000-000000000302'];
    const mains: StepResult[] = [];
    const runnerTemps: string[] = [];
    for (const job of jobs) {
      fs.rmSync(runnerTemp, { recursive: true, force: true });
      fs.mkdirSync(runnerTemp, { recursive: true });
      mains.push(await runActionStep({ inputs: { source: fixture.path, ...INPUTS }, env: services.env(job), runnerTemp, workspace, actionDir }));
      runnerTemps.push(path.join(scratch, `runner-temp-${job.slice(-3)}`));
      await run('cp', ['-a', runnerTemp, runnerTemps.at(-1) ?? '']);
    }
    for (const main of mains) expectSucceeded(main);
    const posts = await Promise.all(
      mains.map((main, index) =>
        runActionStep({ inputs: { source: fixture.path, ...INPUTS }, env: services.env(jobs[index]), runnerTemp, runnerTempContents: runnerTemps[index], workspace, actionDir, state: main.state }),
      ),
    );
    for (const post of posts) {
      expectSucceeded(post);
      expect(post.log).not.toMatch(/::warning::/);
    }
    expect(goCacheEntries().filter((key) => key.endsWith(`-${commit}`))).toHaveLength(1);
    expect(posts.filter((post) => post.log.includes('Saved the Go build cache as'))).toHaveLength(1);
    expect(posts.filter((post) => post.log.includes('another job may be creating this cache'))).toHaveLength(1);
  });

  it('read-only cache mode skips saves', async () => {
    changeEntrypoint('changed for a read-only job');
    const commit = await commitFixtureChange('A change that a read-only job builds.');
    const entriesBefore = services.cacheEntries().length;
    const { main, post } = await freshRunnerJob({}, { ACTIONS_CACHE_MODE: 'read' });
    expectSucceeded(main);
    expectSucceeded(post);
    expect(main.log).toMatch(/Rebuilding from k8s-mesos-builder:go1\.19-/);
    expect(main.log).toContain('The runner lets this job read the Actions cache but not write it, so the image');
    expect(post.log).toContain("Cache save skipped: the effective cache-mode 'read' does not permit writes.");
    expect(main.log + post.log).not.toMatch(/::warning::/);
    expect(main.outputs.commit).toBe(commit);
    expect(services.cacheEntries()).toHaveLength(entriesBefore);
  });

  it('denied cache writes only warn', async () => {
    const commit = await commitFixtureChange('A change that a job without write access builds.');
    const entriesBefore = services.cacheEntries().length;
    services.denyCacheWrites(true);
    try {
      const { main, post } = await freshRunnerJob();
      expectSucceeded(main);
      expectSucceeded(post);
      expect(main.outputs.commit).toBe(commit);
      expect(post.log).toContain(`::warning::Failed to save: Unable to reserve cache with key ${goCacheEntries()[0].replace(/-[0-9a-f]{40}$/, '')}-${commit}. More details: cache write denied:`);
      expect(services.cacheEntries()).toHaveLength(entriesBefore);
    } finally {
      services.denyCacheWrites(false);
    }
  });

  it('cache service 429 only warns', async () => {
    await commitFixtureChange('A change built while the cache service throttles.');
    services.setDown('cache', true, 429);
    try {
      const { main, post } = await freshRunnerJob();
      expectSucceeded(main);
      expectSucceeded(post);
      expect(main.log).toMatch(/::warning::Failed to restore: .*429/);
      expect(main.log).toContain('No Go build cache for ');
      expect(JSON.parse(main.outputs.binaries)).toHaveLength(4);
      expect(main.outputs['artifact-id']).toMatch(/^\d+$/);
    } finally {
      services.setDown('cache', false);
    }
  });

  it('corrupt cached image is rebuilt', async () => {
    changeEntrypoint('changed before a corrupt entry is planted');
    const contentKey = builderImageKey({
      builderDir: path.join(actionDir, 'src', 'builder'),
      buildArgs: { BASE_IMAGE: 'debian:bookworm', GO_VERSION: '1.19', GODEP_VERSION: '' },
      platform: 'linux',
      arch: os.arch(),
    });
    const { key } = imageCacheKeys('linux', os.arch(), '1.19', contentKey);
    // A finalized entry whose archive is no docker image, under the key the next job looks up.
    const archiveDir = path.join(runnerTemp, 'k8s-mesos-builder-cache', 'builder-image');
    fs.rmSync(runnerTemp, { recursive: true, force: true });
    fs.mkdirSync(archiveDir, { recursive: true });
    fs.writeFileSync(path.join(archiveDir, 'image.tar'), crypto.randomBytes(64 * 1024));
    const env = { ...services.env(), RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: workspace };
    expect(await withEnv(env, () => cache.saveCache([archiveDir], key))).toBeGreaterThan(0);

    const { main, post } = await freshRunnerJob();
    expectSucceeded(main);
    expectSucceeded(post);
    expect(main.log).toContain(`k8s-mesos-builder:go1.19-${contentKey}`);
    expect(main.log).toContain(`::warning::The cached image ${key} could not be loaded (docker load exited with 1: `);
    expect(main.log).toContain(`Delete the cache entry ${key} (for example with \`gh cache delete ${key}\`)`);
    expect(main.outputs['cache-hit']).toBe('false');
    expect(JSON.parse(main.outputs.binaries)).toHaveLength(4);
  });

  it('pull failure falls back to the cached copy', async () => {
    // Port 9 on loopback refuses connections, so every pull fails at once.
    const reference = '127.0.0.1:9/k8s-mesos-builder-cache-test:1';
    const imageId = [...createdImages].at(-1) ?? '';
    await run('docker', ['tag', imageId, reference]);
    // Do what an earlier run that pulled the image did: save it to the cache under its keys.
    const archiveDir = path.join(runnerTemp, 'k8s-mesos-builder-cache', 'pulled-image');
    fs.rmSync(runnerTemp, { recursive: true, force: true });
    fs.mkdirSync(archiveDir, { recursive: true });
    await run('docker', ['save', '--output', path.join(archiveDir, 'image.tar'), reference]);
    await run('docker', ['rmi', reference]);
    const keys = pulledImageCacheKeys('linux', os.arch(), reference, imageId);
    const env = { ...services.env(), RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: workspace };
    expect(await withEnv(env, () => cache.saveCache([archiveDir], keys.key))).toBeGreaterThan(0);

    const { main } = await freshRunnerJob({ image: reference });
    expectSucceeded(main);
    expect(main.outputs['cache-hit']).toBe('true');
    expect(main.outputs['image-id']).toBe(imageId);
    expect(main.log).toMatch(/Pulling 127\.0\.0\.1:9\/k8s-mesos-builder-cache-test:1 failed \(attempt 1 of 3\)/);
    expect(main.log).toContain(`::warning::Pulling ${reference} failed 3 times (`);
    expect(main.log).toContain(`using the copy cached as ${keys.key}.`);
    await run('docker', ['rmi', reference]);
  });

  it('pull failure without a copy fails', async () => {
    const reference = '127.0.0.1:9/k8s-mesos-builder-never-cached:1';
    const { main } = await freshRunnerJob({ image: reference });
    expect(main.exitCode).toBe(1);
    expect(main.log).toContain(`::error::Pulling the image ${reference} failed 3 times (`);
    expect(main.log).toContain('and the cache holds no copy of it.');
  });

  it('unreachable cache service only warns', async () => {
    changeEntrypoint('changed again');
    services.setDown('cache', true, 'connection-reset');
    try {
      const { main, post } = await freshRunnerJob();
      expectSucceeded(main);
      expectSucceeded(post);
      expect(main.outputs['cache-hit']).toBe('false');
      expect(main.log).toMatch(/::warning::.*(cache|Cache)/);
      expect(main.outputs['artifact-id']).toMatch(/^\d+$/);
      expect(JSON.parse(main.outputs.binaries)).toHaveLength(4);
    } finally {
      services.setDown('cache', false);
    }
  });
});
