import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startActionsServices, type ActionsServices } from '../support/actions-services/results-server.js';
import { run } from '../support/docker-checks.js';
import { runActionStep } from '../support/run-action.js';

// Every bad input must be rejected before any slow work: the step fails with one error that names
// the input, the value and what is allowed, and leaves no container, image, file or artifact.

const GIT_REPO = 'Give an https://, http:// or git:// URL without spaces or control characters; for a private repository, https://TOKEN@host/path.';
const BRANCH =
  'Give a branch, tag or commit SHA: no spaces or control characters, not starting with "-" or "/", and without "..", "@{", "//", "~", "^", ":", "?", "*", "[" or "\\".';
const BOOLEAN = 'Allowed: true or false.';
const MAKE_LINE = 'Give make targets and VAR=value pairs on one line, without control characters.';
const GO_PACKAGE = 'Give a Go import path such as github.com/mesosphere/kubernetes-mesos: elements of letters, digits and "._~+-" separated by "/".';
const ARTIFACT_NAME = 'Artifact names must be at most 200 characters, without " : < > | * ? \\ / or control characters.';
const IMAGE = 'Give an image reference such as ghcr.io/owner/builder:tag or an image ID sha256:<64 hex digits>.';
const GODEP = 'Give a module version such as v80 or v0.0.0-20200101000000-abcdef123456, "latest", or leave it empty to skip godep.';
const tag = (name: string): string => `The tag ${JSON.stringify(name)} is not a Go build tag: use letters, digits, "_" and ".", separated by spaces or commas.`;
const binaryName = (name: string): string => `The name ${JSON.stringify(name)} is not a plain file name: use letters, digits and "_.+-", without "/".`;

let services: ActionsServices;
let scratch: string;
let workspace: string;
let readOnlyDir: string;
let containersBefore: string;
let imagesBefore: string;

// The engine lists images of the same age in no fixed order, so both lists are sorted.
async function listContainers(): Promise<string> {
  return (await run('docker', ['ps', '--all', '--quiet', '--no-trunc'])).split('\n').sort().join('\n');
}

async function listImages(): Promise<string> {
  return (await run('docker', ['images', '--all', '--quiet', '--no-trunc'])).split('\n').sort().join('\n');
}

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-bad-inputs-'));
  workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(path.join(workspace, 'plain-tree'), { recursive: true });
  fs.mkdirSync(path.join(workspace, 'a:b'));
  fs.mkdirSync(path.join(workspace, 'empty-dir'));
  fs.writeFileSync(path.join(workspace, 'a-file'), 'not a directory\n');
  readOnlyDir = path.join(scratch, 'read-only');
  fs.mkdirSync(readOnlyDir);
  // Root may write anywhere that is mounted writable, so a read-only mount is the honest test.
  await run('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', readOnlyDir]);
  services = await startActionsServices();
  containersBefore = await listContainers();
  imagesBefore = await listImages();
});

afterAll(async () => {
  await run('umount', [readOnlyDir]).catch(() => undefined);
  await services?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const longMakeArgs = Array.from({ length: 65 }, (_, index) => `V${index}=1`).join(' ');

/**
 * [input, value, message after "Invalid input 'input': <value>. ", value as the message shows it when
 * that differs: user info in a URL is never repeated], with paths filled in at run time.
 */
const cases: Array<[string, string, () => string, string?]> = [
  ['git-repo', 'ftp://example.com/repo.git', () => GIT_REPO],
  ['git-repo', 'https://example.com/my repo.git', () => GIT_REPO],
  ['git-repo', 'https://example.com/repo\n.git', () => GIT_REPO],
  ['git-repo', '-uhttps://example.com/repo', () => GIT_REPO],
  ['git-repo', '--upload-pack=touch /tmp/owned', () => GIT_REPO],
  ['git-repo', 'file:///etc/passwd', () => GIT_REPO],
  ['git-repo', 'https://', () => GIT_REPO],
  ['git-repo', 'https://example.com/repo.git?ref=main', () => 'A repository URL takes no query string or fragment.'],
  ['git-repo', 'ssh://git@example.com/team/repo.git', () => GIT_REPO, 'ssh://***@example.com/team/repo.git'],
  ['git-repo', 'git@example.com:team/repo.git', () => GIT_REPO],
  ['git-repo', 'git://builder:secret@example.com/repo.git', () => 'Credentials in the URL are supported for https:// and http:// only.', 'git://example.com/repo.git'],
  ['source', 'empty-dir', () => `${workspace}/empty-dir is empty; give the path of a checkout.`],
  ['branch', '-f', () => BRANCH],
  ['branch', '--upload-pack=touch /tmp/owned', () => BRANCH],
  ['branch', 'main..release', () => BRANCH],
  ['branch', 'my branch', () => BRANCH],
  ['branch', 'tab\there', () => BRANCH],
  ['branch', 'bell\u0007', () => BRANCH],
  ['branch', 'HEAD@{1}', () => BRANCH],
  ['branch', 'release~1', () => BRANCH],
  ['branch', 'feature.lock', () => BRANCH],
  ['branch', 'a:b', () => BRANCH],
  ['tags', 'profile;id', () => tag('profile;id')],
  ['tags', 'pro-file', () => tag('pro-file')],
  ['tags', '$(id)', () => tag('$(id)')],
  ['race', 'yes', () => BOOLEAN],
  ['race', '1', () => BOOLEAN],
  ['make-args', 'install\nclean', () => MAKE_LINE],
  ['make-args', 'install\rclean', () => MAKE_LINE],
  ['make-args', longMakeArgs, () => 'At most 64 make arguments are allowed.'],
  ['binaries', 'bin/proxy', () => binaryName('bin/proxy')],
  ['binaries', 'proxy ..', () => binaryName('..')],
  ['binaries', ', ,', () => 'List at least one binary name, separated by spaces, commas or newlines.'],
  ['binaries', 'proxy proxy', () => 'The name "proxy" is listed twice.'],
  ['binaries', '-rf', () => binaryName('-rf')],
  ['go-package', 'github.com/../etc', () => GO_PACKAGE],
  ['go-package', '/abs/path', () => GO_PACKAGE],
  ['go-package', 'github.com/a b', () => GO_PACKAGE],
  ['go-version', '1.20', () => 'Allowed: 1.19, 1.21, 1.22, 1.23.'],
  ['go-version', 'latest', () => 'Allowed: 1.19, 1.21, 1.22, 1.23.'],
  ['godep-version', 'master; rm -rf /', () => GODEP],
  ['source', 'missing-dir', () => `The directory ${workspace}/missing-dir does not exist; give the path of a checkout, relative to GITHUB_WORKSPACE or absolute.`],
  ['source', 'a-file', () => `${workspace}/a-file is not a directory; give the path of a checkout.`],
  ['source', 'a:b', () => 'The path must not contain ":" or ",", which a Docker bind mount cannot carry.'],
  ['target-dir', 'a-file', () => `${workspace}/a-file is a file; give a directory.`],
  ['target-dir', 'a-file/bin', () => `${workspace}/a-file/bin has a file in its path (${workspace}/a-file); give a directory.`],
  ['artifact-name', 'release/binaries', () => ARTIFACT_NAME],
  ['artifact-name', 'bin:aries', () => ARTIFACT_NAME],
  ['artifact-name', 'say "hi"', () => ARTIFACT_NAME],
  ['artifact-name', 'x'.repeat(201), () => ARTIFACT_NAME],
  ['image', 'Upper/Case', () => IMAGE],
  ['image', '--privileged', () => IMAGE],
  ['retention-days', '91', () => 'Give a whole number from 0 to 90.'],
  ['retention-days', '-1', () => 'Give a whole number from 0 to 90.'],
  ['compression-level', '10', () => 'Give a whole number from 0 to 9.'],
  ['compression-level', 'fast', () => 'Give a whole number from 0 to 9.'],
  ['cache', 'sometimes', () => BOOLEAN],
  ['go-build-cache', 'on', () => BOOLEAN],
  ['archive', 'zip', () => BOOLEAN],
  ['overwrite', 'always', () => BOOLEAN],
  ['selinux-relabel', 'maybe', () => 'Allowed: auto, true or false.'],
  ['if-no-files-found', 'fail', () => 'Allowed: error, warn, ignore.'],
];

/** Escapes a message the way @actions/core writes it into a workflow command. */
function asAnnotation(message: string): string {
  return `::error::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`;
}

describe('bad inputs', () => {
  it('cover at least forty cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s = %j', async (input, value, allowed, shown) => {
    const runId = '00000000-0000-4000-a000-000000000001';
    const env = services.env(runId);
    const runnerTemp = fs.mkdtempSync(path.join(scratch, 'runner-temp-'));
    const main = await runActionStep({ inputs: { [input]: value }, env, runnerTemp, workspace });

    expect(main.exitCode).toBe(1);
    const errors = main.log.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([asAnnotation(`Invalid input '${input}': ${JSON.stringify(shown ?? value)}. ${allowed()}`)]);
    // No docker, git or make command ran, and nothing was written.
    expect(main.log).not.toContain('[command]');
    expect(main.log).not.toContain('::group::');
    expect(fs.readdirSync(runnerTemp)).toEqual([]);
    expect(services.artifacts(runId)).toEqual([]);
    expect(main.outputs).toEqual({});
  });

  it('rejects a target directory on a read-only mount', async () => {
    const main = await runActionStep({ inputs: { 'target-dir': path.join(readOnlyDir, 'out') }, env: services.env(), workspace });
    expect(main.exitCode).toBe(1);
    expect(main.log).toContain(asAnnotation(`Invalid input 'target-dir': ${JSON.stringify(path.join(readOnlyDir, 'out'))}. ${readOnlyDir} is not writable by this user; give a directory the runner can write.`));
  });

  it('leave no container or image behind', async () => {
    expect(await listContainers()).toBe(containersBefore);
    expect(await listImages()).toBe(imagesBefore);
  });
});
