import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionsServices } from '../support/actions-services/results-server.js';
import { startBuildEnvironment, type BuildEnvironment } from '../support/build-environment.js';
import { bridgeGateway, run } from '../support/docker-checks.js';
import type { FixtureRepo, GitDaemon } from '../support/fixture-repo.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { runActionJob, runActionStep, type StepOptions, type StepResult } from '../support/run-action.js';

let environment: BuildEnvironment;
let services: ActionsServices;
let fixture: FixtureRepo;
let daemon: GitDaemon;
let scratch: string;
let runCounter = 0;

beforeAll(async () => {
  environment = await startBuildEnvironment('e2e-hardening-');
  ({ services, fixture, daemon, scratch } = environment);
});

afterAll(async () => {
  await environment?.stop();
});

/** Options for one job of a fresh run with caches off, so each case is independent. */
function jobOptions(inputs: Record<string, string>, extra: Partial<StepOptions> = {}): StepOptions & { runId: string } {
  runCounter += 1;
  const runId = `00000000-0000-4000-9000-0000000000${String(runCounter).padStart(2, '0')}`;
  const env = services.env(runId);
  return {
    inputs: { 'git-repo': daemon.url('kubernetes-mesos'), cache: 'false', 'go-build-cache': 'false', ...inputs },
    env: { ...env, ...extra.env },
    runnerTemp: env.RUNNER_TEMP,
    workspace: env.GITHUB_WORKSPACE,
    onStart: extra.onStart,
    runId,
  };
}

function errorAnnotation(step: StepResult): string {
  return step.log.split('\n').filter((line) => line.startsWith('::error::')).join('\n');
}

async function containersNamed(name: string): Promise<string[]> {
  return (await run('docker', ['ps', '--all', '--quiet', '--filter', `name=^${name}$`])).split('\n').filter((line) => line !== '');
}

describe('secrets', () => {
  let server: GitHttpServer;
  const token = `tkn${crypto.randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    const bare = path.join(scratch, 'private');
    fs.mkdirSync(bare);
    await run('git', ['clone', '--quiet', '--bare', fixture.path, path.join(bare, 'kubernetes-mesos.git')]);
    server = await startGitHttpServer(bare, 'builder', token, await bridgeGateway());
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('never shows the token of a private repository', async () => {
    const inspections: string[] = [];
    const privateUrl = server.url('kubernetes-mesos.git').replace('http://', `http://builder:${token}@`);
    const options = jobOptions({ 'git-repo': privateUrl, branch: fixture.branch, archive: 'true' });
    const pending: Array<Promise<void>> = [];
    options.onStart = (child) => {
      // Inspect the build container while it runs, as a user with access to the engine could. The
      // image may still be building, so polling goes on until the step exits.
      const poll = async (): Promise<void> => {
        while (inspections.length === 0 && child.exitCode === null && child.signalCode === null) {
          const ids = (await run('docker', ['ps', '--quiet', '--filter', 'label=io.github.k8s-mesos-builder.run'])).split('\n').filter((line) => line !== '');
          if (ids.length > 0) inspections.push(await run('docker', ['inspect', ...ids]));
          else await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      pending.push(poll());
    };
    const { main, post } = await runActionJob(options);
    await Promise.all(pending);

    expect(main.exitCode).toBe(0);
    expect(main.outputs.commit).toBe(fixture.commits.branch);
    expect(server.authorizations).toContain(`Basic ${Buffer.from(`builder:${token}`).toString('base64')}`);

    // The mask command is how a secret is masked; the runner consumes that line and never prints it.
    const maskLine = `::add-mask::${token}`;
    expect(main.log.split('\n')[0]).toBe(maskLine);
    const visibleLog = main.log.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
    expect(visibleLog).not.toContain(token);
    expect(post.log).not.toContain(token);
    expect(JSON.stringify(main.outputs)).not.toContain(token);
    expect(main.summary).not.toContain(token);
    expect(main.summary).toContain(server.url('kubernetes-mesos.git'));

    expect(inspections, main.log.slice(-3000)).toHaveLength(1);
    expect(inspections[0]).not.toContain(token);
    expect(inspections[0]).toContain('/run/secrets/git-credentials');
    const imageInspect = await run('docker', ['image', 'inspect', main.outputs['image-id']]);
    const history = await run('docker', ['history', '--no-trunc', main.outputs['image-id']]);
    expect(imageInspect + history).not.toContain(token);

    const unpacked = fs.mkdtempSync(path.join(scratch, 'secret-artifact-'));
    await run('tar', ['-xzf', main.outputs.tarball, '-C', unpacked]);
    const artifactText = await run('grep', ['-r', '-c', token, unpacked]).catch(() => 'no match');
    expect(artifactText).toBe('no match');
    expect(fs.readFileSync(path.join(main.outputs['target-dir'], 'build-info.json'), 'utf8')).not.toContain(token);
    const artifactZip = await services.downloadArtifactZip(main.outputs['artifact-name'], options.runId);
    expect(artifactZip.includes(token)).toBe(false);
    // The credentials file is gone from the runner once the build ends.
    expect(fs.readdirSync(options.runnerTemp ?? '', { recursive: true }).some((entry) => String(entry).endsWith('git-credentials'))).toBe(false);
  });

  it('fails clearly without the token', async () => {
    const options = jobOptions({ 'git-repo': server.url('kubernetes-mesos.git') });
    const { main } = await runActionJob(options);
    expect(main.exitCode).toBe(1);
    expect(errorAnnotation(main)).toContain('The build in the container failed with exit code');
    expect(main.outputs.binaries).toBe('[]');
  });
});

describe('runner hygiene', () => {
  it('leaves files owned by the runner user', async () => {
    // GitHub's runners run steps as an unprivileged user in the docker group.
    const uid = 65534;
    const gid = Number((await run('getent', ['group', 'docker'])).split(':')[2]);
    const runnerRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-user-'));
    fs.chmodSync(runnerRoot, 0o755);
    const [runnerTemp, workspace, home] = ['temp', 'workspace', 'home'].map((name) => path.join(runnerRoot, name));
    for (const dir of [runnerTemp, workspace, home]) {
      fs.mkdirSync(dir);
      fs.chownSync(dir, uid, gid);
    }
    const options = jobOptions({ 'go-build-cache': 'true' });
    const main = await runActionStep({ ...options, runnerTemp, workspace, env: { ...options.env, HOME: home }, uid, gid });
    expect(main.log).not.toMatch(/::error::/);
    expect(main.exitCode).toBe(0);

    const targetDir = main.outputs['target-dir'];
    const owned = [targetDir, ...fs.readdirSync(targetDir).map((name) => path.join(targetDir, name))];
    const cacheDir = JSON.parse(main.state['go-build-cache']).dir as string;
    owned.push(cacheDir, ...fs.readdirSync(cacheDir).slice(0, 20).map((name) => path.join(cacheDir, name)));
    expect(fs.readdirSync(cacheDir).length).toBeGreaterThan(0);
    for (const file of owned) {
      const stat = fs.statSync(file);
      expect({ file, uid: stat.uid, gid: stat.gid }).toEqual({ file, uid, gid });
    }
    fs.rmSync(runnerRoot, { recursive: true, force: true });
  });
});

describe('cancellation', () => {
  it('removes the container on SIGTERM during make', async () => {
    let sent = false;
    const options = jobOptions({ race: 'true', 'make-args': 'bootstrap install' });
    options.onStart = (child, log) => {
      const timer = setInterval(() => {
        if (!sent && log().includes('Running make')) {
          sent = true;
          child.kill('SIGTERM');
          clearInterval(timer);
        }
      }, 50);
      child.on('close', () => clearInterval(timer));
    };
    const main = await runActionStep(options);
    expect(sent).toBe(true);
    expect(main.exitCode).toBe(143);
    expect(main.log).toContain('Received SIGTERM; removing the build container');
    const name = main.state['container-name'];
    expect(name).toMatch(/^k8s-mesos-builder-/);
    expect(await containersNamed(name)).toEqual([]);
    expect(main.outputs['artifact-id']).toBeUndefined();

    const post = await runActionStep({ ...options, state: main.state, onStart: undefined });
    expect(post.exitCode).toBe(0);
  });

  it('post step removes a container left by the run', async () => {
    const main = await runActionStep(jobOptions({}));
    expect(main.exitCode).toBe(0);
    const label = main.state['run-label'];
    const leftover = (await run('docker', ['create', '--label', `io.github.k8s-mesos-builder.run=${label}`, main.outputs['image-id']])).trim();
    expect(await run('docker', ['ps', '--all', '--quiet', '--no-trunc', '--filter', `id=${leftover}`])).toContain(leftover);
    const post = await runActionStep({ ...jobOptions({}), state: main.state });
    expect(post.exitCode).toBe(0);
    expect((await run('docker', ['ps', '--all', '--quiet', '--filter', `id=${leftover}`])).trim()).toBe('');
  });
});

describe('faults', () => {
  it('reports a missing Docker engine', async () => {
    const options = jobOptions({}, { env: { DOCKER_HOST: `unix://${path.join(scratch, 'no-engine.sock')}` } });
    const main = await runActionStep(options);
    expect(main.exitCode).toBe(1);
    expect(errorAnnotation(main)).toContain('::error::No Docker engine responds (');
    expect(errorAnnotation(main)).toContain('Start dockerd or make DOCKER_HOST point at a running engine');
  });

  it('reports a repository that does not exist', async () => {
    const main = await runActionStep(jobOptions({ 'git-repo': daemon.url('no-such-repository') }));
    expect(main.exitCode).toBe(1);
    expect(errorAnnotation(main)).toContain('The build in the container failed with exit code 128');
    expect(main.log).toContain('no such repository');
    expect(main.outputs.commit).toBe('');
  });

  it('carries make output into the error', async () => {
    const options = jobOptions({ 'make-args': 'bootstrap no-such-target' });
    const main = await runActionStep(options);
    expect(main.exitCode).toBe(1);
    expect(main.log).toMatch(/::error::The build in the container failed with exit code 2\. Last lines of its output:%0A/);
    expect(errorAnnotation(main)).toContain("No rule to make target 'no-such-target'");
    expect(main.outputs.commit).toBe(fixture.commits.master);
    expect(main.outputs.binaries).toBe('[]');
    expect(main.outputs['image-id']).toMatch(/^sha256:/);
    expect(services.artifacts(options.runId)).toEqual([]);
  });

  it('names a binary the build did not produce', async () => {
    const targetDir = path.join(scratch, 'missing-binary');
    const options = jobOptions({ binaries: 'proxy ghost', 'target-dir': targetDir });
    const main = await runActionStep(options);
    expect(main.exitCode).toBe(1);
    expect(errorAnnotation(main)).toContain('error: the build did not produce: ghost');
    expect(fs.existsSync(targetDir)).toBe(false);
    expect(services.artifacts(options.runId)).toEqual([]);
  });

  it('uploads what was built when told to warn', async () => {
    const options = jobOptions({ binaries: 'proxy ghost', 'if-no-files-found': 'warn', archive: 'false' });
    const main = await runActionStep(options);
    expect(main.exitCode).toBe(0);
    expect(main.log).toContain('::warning::The build did not produce ghost. It produced: ');
    expect(JSON.parse(main.outputs.binaries)).toEqual([path.join(main.outputs['target-dir'], 'proxy')]);
    expect(services.artifacts(options.runId).map((artifact) => artifact.name)).toEqual([main.outputs['artifact-name']]);
  });

  it('uploads nothing when nothing was built', async () => {
    const options = jobOptions({ binaries: 'ghost', 'if-no-files-found': 'ignore' });
    const main = await runActionStep(options);
    expect(main.exitCode).toBe(0);
    expect(main.log).toContain('::warning::No binaries were built, so nothing is packed or uploaded.');
    expect(main.outputs.binaries).toBe('[]');
    expect(main.outputs.tarball).toBeUndefined();
    expect(main.outputs['artifact-id']).toBeUndefined();
    expect(services.artifacts(options.runId)).toEqual([]);
  });

  it('retries the artifact service after 5xx', async () => {
    const options = jobOptions({});
    services.failNext('artifact', 'CreateArtifact', 2, 500);
    const main = await runActionStep(options);
    expect(main.exitCode).toBe(0);
    const statuses = services.requests.filter((request) => request.method === 'CreateArtifact').slice(-3).map((request) => request.status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(services.artifacts(options.runId)).toHaveLength(1);
    expect(main.outputs['artifact-id']).toBe(String(services.artifacts(options.runId)[0].id));
  });

  it('fails clearly when the artifact service stays down', async () => {
    const options = jobOptions({});
    services.setDown('artifact', true, 500);
    let main: StepResult;
    try {
      main = await runActionStep(options);
    } finally {
      services.setDown('artifact', false);
    }
    expect(main.exitCode).toBe(1);
    expect(errorAnnotation(main)).toContain('CreateArtifact');
    expect(main.outputs['artifact-id']).toBeUndefined();
    expect(main.outputs['artifact-url']).toBeUndefined();
    expect(services.artifacts(options.runId)).toEqual([]);
    // The binaries themselves were built and stay on the runner.
    expect(JSON.parse(main.outputs.binaries)).toHaveLength(4);
  });

  it('leaves a full target disk as it was', async () => {
    const mountPoint = path.join(scratch, 'full-disk');
    fs.mkdirSync(mountPoint);
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]);
    try {
      fs.writeFileSync(path.join(mountPoint, 'kept.txt'), 'from an earlier step\n');
      const options = jobOptions({ 'target-dir': mountPoint });
      const main = await runActionStep(options);
      expect(main.exitCode).toBe(1);
      expect(errorAnnotation(main)).toContain(`Placing the binaries in the target directory ${mountPoint} failed, so it was left as it was:`);
      expect(errorAnnotation(main)).toContain('ENOSPC');
      expect(fs.readdirSync(mountPoint)).toEqual(['kept.txt']);
      expect(services.artifacts(options.runId)).toEqual([]);
    } finally {
      await run('umount', [mountPoint]);
    }
  });
});
