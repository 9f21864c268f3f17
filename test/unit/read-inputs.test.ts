import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInputs } from '../../src/inputs/read-inputs.js';
import { InputError } from '../../src/inputs/input-error.js';

let workspace: string;
let runnerTemp: string;

beforeAll(() => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-ws-'));
  runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-temp-'));
  fs.mkdirSync(path.join(workspace, 'checkout', '.git'), { recursive: true });
  fs.mkdirSync(path.join(workspace, 'plain-tree'));
  fs.writeFileSync(path.join(workspace, 'plain-tree', 'Makefile'), 'all:\n');
  fs.writeFileSync(path.join(workspace, 'a-file'), 'x');
});

afterAll(() => {
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(runnerTemp, { recursive: true, force: true });
});

function inputs(values: Record<string, string>) {
  return getInputs((name) => values[name] ?? '', { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp });
}

describe('getInputs defaults', () => {
  it('builds upstream with the default targets', () => {
    const settings = inputs({});
    expect(settings.repo.displayUrl).toBe('https://github.com/mesosphere/kubernetes-mesos');
    expect(settings.repo.credentials).toBeUndefined();
    expect(settings.branch).toBe('');
    expect(settings.tags).toEqual([]);
    expect(settings.race).toBe(false);
    expect(settings.makeArgs).toEqual(['bootstrap', 'install']);
    expect(settings.goPackage).toBe('github.com/mesosphere/kubernetes-mesos');
    expect(settings.goVersion).toBe('1.19');
    expect(settings.godepVersion).toBe('');
    expect(settings.source).toBeUndefined();
    expect(settings.image).toBeUndefined();
    expect(settings.binaries).toEqual(['proxy', 'controller-manager', 'kubernetes-mesos', 'kubernetes-executor']);
    expect(settings.artifactName).toBe('kubernetes-mesos-default-go1.19');
    expect(settings.targetDir).toBe(path.join(runnerTemp, 'k8s-mesos-builder', 'kubernetes-mesos-default-go1.19'));
  });
});

describe('getInputs values', () => {
  const cases: Array<{ name: string; given: Record<string, string>; expected: Record<string, unknown> }> = [
    { name: 'tags split on commas and spaces', given: { tags: 'profile, netgo  profile' }, expected: { tags: ['profile', 'netgo'] } },
    { name: 'race true', given: { race: 'true' }, expected: { race: true } },
    { name: 'race TRUE', given: { race: 'TRUE' }, expected: { race: true } },
    { name: 'race False', given: { race: 'False' }, expected: { race: false } },
    { name: 'make args split', given: { 'make-args': '  install  V=1 ' }, expected: { makeArgs: ['install', 'V=1'] } },
    { name: 'branch with slash', given: { branch: 'release/0.7' }, expected: { branch: 'release/0.7' } },
    { name: 'commit sha', given: { branch: '0123456789abcdef0123456789abcdef01234567' }, expected: { branch: '0123456789abcdef0123456789abcdef01234567' } },
    { name: 'go version from backports', given: { 'go-version': '1.23' }, expected: { goVersion: '1.23' } },
    { name: 'godep version', given: { 'godep-version': 'v80' }, expected: { godepVersion: 'v80' } },
    { name: 'fork import path', given: { 'go-package': 'github.com/example/kubernetes-mesos' }, expected: { goPackage: 'github.com/example/kubernetes-mesos' } },
    { name: 'image reference', given: { image: 'ghcr.io/example/builder:1.23' }, expected: { image: 'ghcr.io/example/builder:1.23' } },
    { name: 'binaries on lines', given: { binaries: 'proxy\nkubernetes-mesos\n' }, expected: { binaries: ['proxy', 'kubernetes-mesos'] } },
    { name: 'explicit artifact name', given: { 'artifact-name': 'release binaries' }, expected: { artifactName: 'release binaries' } },
    { name: 'git protocol repository', given: { 'git-repo': 'git://example.com/team/kubernetes-mesos.git' }, expected: { repo: { displayUrl: 'git://example.com/team/kubernetes-mesos.git' } } },
  ];
  it.each(cases)('$name', ({ given, expected }) => {
    expect(inputs(given)).toMatchObject(expected);
  });

  it('derives a unique artifact name per matrix cell', () => {
    const settings = inputs({ 'git-repo': 'https://example.com/team/fork.git', branch: 'release/0.7', tags: 'profile', race: 'true', 'go-version': '1.23' });
    expect(settings.artifactName).toBe('fork-release-0.7-go1.23-profile-race');
  });

  it('resolves source and target against the workspace', () => {
    const settings = inputs({ source: 'checkout', branch: 'master', 'target-dir': 'out/bin' });
    expect(settings.source).toBe(path.join(workspace, 'checkout'));
    expect(settings.targetDir).toBe(path.join(workspace, 'out', 'bin'));
    expect(settings.artifactName).toBe('checkout-snapshot-master-go1.19');
  });

  it('splits credentials off the repository URL', () => {
    const settings = inputs({ 'git-repo': 'https://builder:s3cr%40t@example.com/team/private.git' });
    expect(settings.repo.displayUrl).toBe('https://example.com/team/private.git');
    expect(settings.repo.credentials).toEqual({ username: 'builder', password: 's3cr@t', protocol: 'https', host: 'example.com' });
  });

  it('takes a bare token as the password', () => {
    const settings = inputs({ 'git-repo': 'https://ghp_token123@example.com/team/private' });
    expect(settings.repo.credentials?.username).toBe('x-access-token');
    expect(settings.repo.credentials?.password).toBe('ghp_token123');
  });
});

describe('getInputs errors', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['git-repo scheme', { 'git-repo': 'ftp://example.com/repo' }, `Invalid input 'git-repo': "ftp://example.com/repo".`],
    ['git-repo option-like', { 'git-repo': '--upload-pack=touch /tmp/x' }, `Invalid input 'git-repo'`],
    ['branch option-like', { branch: '-f' }, `Invalid input 'branch': "-f".`],
    ['branch range', { branch: 'a..b' }, `Invalid input 'branch': "a..b".`],
    ['tags punctuation', { tags: 'profile;rm' }, `Invalid input 'tags': "profile;rm". The tag "profile;rm" is not a Go build tag`],
    ['race word', { race: 'yes' }, `Invalid input 'race': "yes". Allowed: true or false.`],
    ['make-args newline', { 'make-args': 'install\nclean' }, `Invalid input 'make-args'`],
    // An environment variable cannot carry NUL, so only this table can give it.
    ['make-args NUL', { 'make-args': 'install\0clean' }, `Invalid input 'make-args': "install\\u0000clean". Give make targets`],
    ['binaries empty names', { binaries: ' , ,' }, `Invalid input 'binaries': " , ,". List at least one binary name`],
    ['go-package dotdot', { 'go-package': 'github.com/../etc' }, `Invalid input 'go-package': "github.com/../etc".`],
    ['go-version unknown', { 'go-version': '1.20' }, `Invalid input 'go-version': "1.20". Allowed: 1.19, 1.21, 1.22, 1.23.`],
    ['binaries path', { binaries: 'bin/proxy' }, `Invalid input 'binaries': "bin/proxy". The name "bin/proxy" is not a plain file name`],
    ['binaries duplicate', { binaries: 'proxy proxy' }, `Invalid input 'binaries': "proxy proxy". The name "proxy" is listed twice.`],
    ['source missing', { source: 'nowhere' }, `Invalid input 'source': "nowhere". The directory`],
    ['source is a file', { source: 'a-file' }, `is not a directory`],
    ['branch of a plain snapshot', { source: 'plain-tree', branch: 'master' }, 'is not a git repository'],
    ['target-dir is a file', { 'target-dir': 'a-file' }, 'is a file; give a directory.'],
    ['artifact-name slash', { 'artifact-name': 'a/b' }, `Invalid input 'artifact-name': "a/b".`],
    ['image uppercase', { image: 'Builder:latest' }, `Invalid input 'image': "Builder:latest".`],
    ['godep version', { 'godep-version': 'master; rm' }, `Invalid input 'godep-version'`],
  ];
  it.each(cases)('%s', (_name, given, message) => {
    let caught: unknown;
    try {
      inputs(given);
    } catch (error: unknown) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).message).toContain(message);
  });

  it('never quotes the password of a rejected URL', () => {
    expect(() => inputs({ 'git-repo': 'https://user:hunter2@example.com/a b' })).toThrow(/\/\/\*\*\*@example\.com/);
    expect(() => inputs({ 'git-repo': 'https://user:hunter2@example.com/a b' })).not.toThrow(/hunter2/);
  });
});
