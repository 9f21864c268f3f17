import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { DefaultArtifactClient } from '@actions/artifact';
import { restoreCache, saveCache } from '@actions/cache';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  DEFAULT_JOB_ID,
  DEFAULT_RUN_ID,
  startActionsServices,
  type ActionsServices,
  type RequestRecord,
} from '../support/actions-services/results-server.js';

let services: ActionsServices;
const originalEnv = { ...process.env };

/** Points the clients at a job of a run. They read these variables on every call. */
function useJob(runId = DEFAULT_RUN_ID, jobId = DEFAULT_JOB_ID): Record<string, string> {
  const env = services.env(runId, jobId);
  Object.assign(process.env, env);
  return env;
}

function workspace(): string {
  const dir = process.env.GITHUB_WORKSPACE;
  if (dir === undefined) {
    throw new Error('GITHUB_WORKSPACE is not set. Call useJob() first');
  }
  return dir;
}

function callsTo(method: string): RequestRecord[] {
  return services.requests.filter((request) => request.method === method);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Runs `action` while collecting what it writes to stdout, where @actions/core sends its log. */
async function captureStdout<T>(action: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    const result = await action();
    return { result, output: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  services = await startActionsServices();
  useJob();
}, 60_000);

afterAll(async () => {
  for (const name of Object.keys(process.env)) {
    if (!(name in originalEnv)) {
      delete process.env[name];
    }
  }
  Object.assign(process.env, originalEnv);
  await services?.stop();
});

describe('artifact service with @actions/artifact', { timeout: 60_000 }, () => {
  const client = new DefaultArtifactClient();
  const binary = randomBytes(300 * 1024);
  const notes = Buffer.from('kubernetes-mesos build notes\n');

  async function writeBuildOutput(): Promise<{ root: string; files: string[] }> {
    const root = join(workspace(), 'build');
    await mkdir(join(root, 'bin'), { recursive: true });
    const files = [join(root, 'bin', 'km'), join(root, 'NOTES.txt')];
    await writeFile(files[0] as string, binary);
    await writeFile(files[1] as string, notes);
    return { root, files };
  }

  it('uploads, lists and downloads two files', async () => {
    const { root, files } = await writeBuildOutput();

    const uploaded = await client.uploadArtifact('binaries', files, root);

    expect(uploaded.id).toBeGreaterThan(0);
    expect(uploaded.digest).toMatch(/^[0-9a-f]{64}$/);
    const zip = await services.downloadArtifactZip('binaries');
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(uploaded.size).toBe(zip.length);
    expect(uploaded.digest).toBe(sha256(zip));

    const { artifacts } = await client.listArtifacts();
    expect(artifacts).toHaveLength(1);
    const listed = artifacts[0];
    expect(listed?.name).toBe('binaries');
    expect(listed?.id).toBe(uploaded.id);
    expect(listed?.size).toBe(zip.length);
    expect(listed?.digest).toBe(`sha256:${uploaded.digest}`);
    expect(listed?.createdAt).toBeInstanceOf(Date);

    const target = await mkdtemp(join(workspace(), 'download-'));
    const downloaded = await client.downloadArtifact(uploaded.id ?? -1, {
      path: target,
      expectedHash: listed?.digest,
    });
    expect(downloaded.downloadPath).toBe(target);
    expect(downloaded.digestMismatch).toBe(false);
    expect(await readFile(join(target, 'bin', 'km'))).toEqual(binary);
    expect(await readFile(join(target, 'NOTES.txt'))).toEqual(notes);
  });

  it('rejects a second upload under the same name', async () => {
    const { root, files } = await writeBuildOutput();

    const upload = client.uploadArtifact('binaries', files, root);

    await expect(upload).rejects.toThrow(
      `Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: ` +
        `an artifact named "binaries" already exists in workflow run ${DEFAULT_RUN_ID}`,
    );
    expect(services.artifacts().filter((artifact) => artifact.name === 'binaries')).toHaveLength(1);
    expect(callsTo('CreateArtifact').at(-1)?.status).toBe(409);
  });

  it('retries CreateArtifact after two 500 responses', async () => {
    const { root, files } = await writeBuildOutput();
    const callsBefore = callsTo('CreateArtifact').length;
    services.failNext('artifact', 'CreateArtifact', 2);

    const uploaded = await client.uploadArtifact('retried', files, root);

    expect(uploaded.id).toBeGreaterThan(0);
    const statuses = callsTo('CreateArtifact')
      .slice(callsBefore)
      .map((call) => call.status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(services.artifacts().find((artifact) => artifact.name === 'retried')?.finalized).toBe(true);
  });

  it('uploads a raw file with skipArchive', async () => {
    const { files } = await writeBuildOutput();
    const file = files[1] as string;

    const uploaded = await client.uploadArtifact('ignored', [file], workspace(), { skipArchive: true });

    expect(services.artifacts().find((artifact) => artifact.id === uploaded.id)?.name).toBe('NOTES.txt');
    expect(await services.downloadArtifactZip('NOTES.txt')).toEqual(notes);
    const target = await mkdtemp(join(workspace(), 'download-'));
    await client.downloadArtifact(uploaded.id ?? -1, { path: target });
    // The client names the saved file after the Content-Disposition header of the blob response.
    expect(await readFile(join(target, 'NOTES.txt'))).toEqual(notes);
  });

  it('shares artifacts between jobs of one run only', async () => {
    try {
      useJob(DEFAULT_RUN_ID, 'second-job');
      const sameRun = await client.listArtifacts();
      expect(sameRun.artifacts.map((artifact) => artifact.name).sort()).toEqual(['NOTES.txt', 'binaries', 'retried']);

      const binaries = sameRun.artifacts.find((artifact) => artifact.name === 'binaries');
      const target = await mkdtemp(join(workspace(), 'download-'));
      await client.downloadArtifact(binaries?.id ?? -1, { path: target });
      expect(await readFile(join(target, 'NOTES.txt'))).toEqual(notes);

      useJob('other-run', 'other-job');
      const otherRun = await client.listArtifacts();
      expect(otherRun.artifacts).toEqual([]);
    } finally {
      useJob();
    }
  });

  it('deletes an artifact', async () => {
    const deleted = await client.deleteArtifact('retried');

    const retried = callsTo('DeleteArtifact').at(-1);
    expect(retried?.status).toBe(200);
    expect(deleted.id).toBeGreaterThan(0);
    const { artifacts } = await client.listArtifacts();
    expect(artifacts.map((artifact) => artifact.name)).toEqual(['binaries', 'NOTES.txt']);
  });
});

describe('Twirp request checks', () => {
  const listUrl = (): string => `${services.url}/twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`;
  const listBody = JSON.stringify({
    workflow_run_backend_id: DEFAULT_RUN_ID,
    workflow_job_run_backend_id: DEFAULT_JOB_ID,
  });

  it('rejects a call without a token', async () => {
    const response = await fetch(listUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: listBody,
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      code: 'unauthenticated',
      msg: 'missing bearer token in the Authorization header',
    });
  });

  it('rejects a run outside the token scope', async () => {
    const token = services.env('other-run', 'other-job').ACTIONS_RUNTIME_TOKEN;

    const response = await fetch(listUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: listBody,
    });

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      code: 'permission_denied',
      msg: `token is scoped to workflow run other-run, not ${DEFAULT_RUN_ID}`,
    });
  });

  it('rejects an unknown method', async () => {
    const response = await fetch(`${services.url}/twirp/github.actions.results.api.v1.CacheService/DeleteCache`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${useJob().ACTIONS_RUNTIME_TOKEN}` },
      body: '{}',
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 'bad_route', msg: 'CacheService has no method DeleteCache' });
  });
});

describe('cache service with @actions/cache', { timeout: 60_000 }, () => {
  async function writeCacheDir(content: string): Promise<string> {
    const dir = join(workspace(), 'deps');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'state.txt'), content);
    return dir;
  }

  async function readCacheDir(dir: string): Promise<string> {
    return readFile(join(dir, 'state.txt'), 'utf8');
  }

  it('restores a saved entry by exact key', async () => {
    const dir = await writeCacheDir('exact');

    const cacheId = await saveCache([dir], 'deps-exact');

    expect(cacheId).toBeGreaterThan(0);
    const entry = services.cacheEntries().find((candidate) => candidate.key === 'deps-exact');
    expect(entry?.id).toBe(cacheId);
    expect(entry?.finalized).toBe(true);
    expect(entry?.size).toBeGreaterThan(0);

    await rm(dir, { recursive: true });
    const matchedKey = await restoreCache([dir], 'deps-exact');

    expect(matchedKey).toBe('deps-exact');
    expect(await readCacheDir(dir)).toBe('exact');
  });

  it('restores the newest entry for a restore-key prefix', async () => {
    const dir = await writeCacheDir('older');
    expect(await saveCache([dir], 'deps-prefix-1')).toBeGreaterThan(0);
    await writeCacheDir('newer');
    expect(await saveCache([dir], 'deps-prefix-2')).toBeGreaterThan(0);

    await rm(dir, { recursive: true });
    const matchedKey = await restoreCache([dir], 'deps-prefix-missing', ['deps-prefix-']);

    expect(matchedKey).toBe('deps-prefix-2');
    expect(await readCacheDir(dir)).toBe('newer');
  });

  it('misses when the paths give another version', async () => {
    const dir = await writeCacheDir('unused');

    const matchedKey = await restoreCache([dir, join(workspace(), 'other')], 'deps-exact');

    expect(matchedKey).toBeUndefined();
    expect(callsTo('GetCacheEntryDownloadURL').at(-1)?.status).toBe(200);
  });

  it('keeps the first entry when a key is saved twice', async () => {
    const dir = await writeCacheDir('second');

    const { result, output } = await captureStdout(() => saveCache([dir], 'deps-exact'));

    expect(result).toBe(-1);
    expect(output).toContain(
      'Failed to save: Unable to reserve cache with key deps-exact, another job may be creating this cache.',
    );
    expect(output).not.toContain('::warning::');
    expect(callsTo('CreateCacheEntry').at(-1)?.status).toBe(409);
    expect(services.cacheEntries().filter((entry) => entry.key === 'deps-exact')).toHaveLength(1);

    await rm(dir, { recursive: true });
    expect(await restoreCache([dir], 'deps-exact')).toBe('deps-exact');
    expect(await readCacheDir(dir)).toBe('exact');
  });

  it('degrades to a miss while the service resets connections', async () => {
    const dir = await writeCacheDir('offline');
    const callsBefore = services.requests.length;
    services.setDown('cache', true, 'connection-reset');
    try {
      const restored = await captureStdout(() => restoreCache([dir], 'deps-exact'));
      const saved = await captureStdout(() => saveCache([dir], 'deps-offline'));

      expect(restored.result).toBeUndefined();
      expect(restored.output).toContain('::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNRESET');
      expect(saved.result).toBe(-1);
      expect(saved.output).toContain('Failed to save: Unable to reserve cache with key deps-offline');
      expect(services.requests.slice(callsBefore)).toEqual([
        { service: 'cache', method: 'GetCacheEntryDownloadURL', status: 'connection-reset' },
        { service: 'cache', method: 'CreateCacheEntry', status: 'connection-reset' },
      ]);
    } finally {
      services.setDown('cache', false);
    }
    expect(await readCacheDir(dir)).toBe('offline');
  });

  it('degrades to a miss while the service rejects calls', async () => {
    const dir = await writeCacheDir('rejected');
    services.setDown('cache', true, 403);
    try {
      const restored = await captureStdout(() => restoreCache([dir], 'deps-exact'));
      const saved = await captureStdout(() => saveCache([dir], 'deps-rejected'));

      expect(restored.result).toBeUndefined();
      expect(restored.output).toContain(
        'Failed to restore: Failed to GetCacheEntryDownloadURL: Received non-retryable error: Failed request: (403) Forbidden',
      );
      expect(saved.result).toBe(-1);
    } finally {
      services.setDown('cache', false);
    }
    expect(services.cacheEntries().some((entry) => entry.key === 'deps-rejected')).toBe(false);
  });
});
