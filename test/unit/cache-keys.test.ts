import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builderImageKey } from '../../src/build/image-key.js';
import { goBuildCachePrefix, imageCacheKeys, pulledImageCacheKeys } from '../../src/cache/cache-keys.js';

const builderDir = fs.mkdtempSync(path.join(os.tmpdir(), 'builder-'));
fs.writeFileSync(path.join(builderDir, 'Dockerfile'), 'FROM debian:bookworm\n');
fs.writeFileSync(path.join(builderDir, 'entrypoint.sh'), 'echo one\n');
afterAll(() => fs.rmSync(builderDir, { recursive: true, force: true }));

const recipe = { builderDir, buildArgs: { GO_VERSION: '1.23', GODEP_VERSION: '' }, platform: 'linux', arch: 'x64' };

describe('builderImageKey', () => {
  it('is stable for the same content', () => {
    expect(builderImageKey(recipe)).toBe(builderImageKey({ ...recipe, buildArgs: { GODEP_VERSION: '', GO_VERSION: '1.23' } }));
    expect(builderImageKey(recipe)).toMatch(/^[0-9a-f]{20}$/);
  });

  it.each([
    ['a build argument', { ...recipe, buildArgs: { GO_VERSION: '1.22', GODEP_VERSION: '' } }],
    ['the architecture', { ...recipe, arch: 'arm64' }],
    ['the OS', { ...recipe, platform: 'darwin' }],
  ])('changes with %s', (_name, changed) => {
    expect(builderImageKey(changed)).not.toBe(builderImageKey(recipe));
  });

  it('changes with a builder file', () => {
    const before = builderImageKey(recipe);
    fs.writeFileSync(path.join(builderDir, 'entrypoint.sh'), 'echo two\n');
    expect(builderImageKey(recipe)).not.toBe(before);
  });
});

describe('cache keys', () => {
  it('image keys share a prefix per Go version', () => {
    const keys = imageCacheKeys('linux', 'x64', '1.23', 'abc');
    expect(keys).toEqual({ key: 'k8s-mesos-builder-image-linux-x64-go1.23-abc', restoreKeys: ['k8s-mesos-builder-image-linux-x64-go1.23-'] });
  });

  it('pulled image keys find any copy of the reference', () => {
    const keys = pulledImageCacheKeys('linux', 'x64', 'ghcr.io/a/b:1', 'sha256:' + 'f'.repeat(64));
    expect(keys.key.startsWith(keys.restoreKeys[0])).toBe(true);
    expect(keys.key.endsWith('f'.repeat(24))).toBe(true);
  });

  const config = { platform: 'linux', arch: 'x64', goPackage: 'github.com/mesosphere/kubernetes-mesos', goVersion: '1.23', tags: ['profile', 'netgo'], race: false };

  it('Go cache prefix ignores tag order', () => {
    expect(goBuildCachePrefix({ ...config, tags: ['netgo', 'profile'] })).toBe(goBuildCachePrefix(config));
  });

  it.each([
    ['race', { ...config, race: true }],
    ['tags', { ...config, tags: ['profile'] }],
    ['Go version', { ...config, goVersion: '1.22' }],
    ['package', { ...config, goPackage: 'example.com/fork' }],
    ['architecture', { ...config, arch: 'arm64' }],
  ])('Go cache prefix differs by %s', (_name, changed) => {
    expect(goBuildCachePrefix(changed)).not.toBe(goBuildCachePrefix(config));
  });
});
