import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ACTION_ENTRY = path.join(REPO_ROOT, 'dist', 'index.js');

/** What one step of the action left: exit code, log, outputs, state and job summary. */
export interface StepResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  log: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
}

export interface StepOptions {
  /** Action inputs by name, as they appear under `with:`. */
  inputs?: Record<string, string>;
  /** Extra environment, such as the Actions services' variables. */
  env?: Record<string, string>;
  /** State saved by the main step; set for the post step as STATE_* variables. */
  state?: Record<string, string>;
  /** Runner directories; a fresh RUNNER_TEMP and workspace are made when not given. */
  runnerTemp?: string;
  workspace?: string;
  /** Copy the step's log to this process's stdout while it runs, as a runner's log shows it. */
  echo?: boolean;
  /** Directory of the action to run (holding dist/ and src/builder/); this repository by default. */
  actionDir?: string;
  /** Run the step as this user and group, as a runner's user that is not root. */
  uid?: number;
  gid?: number;
  /**
   * Directory mounted at runnerTemp in a mount namespace of the step's own, so parallel steps see
   * one path with separate contents. Only for steps that pass docker no host paths.
   */
  runnerTempContents?: string;
  /** Called with the child process once it runs, e.g. to send it a signal. */
  onStart?: (child: import('node:child_process').ChildProcess, log: () => string) => void;
}

/** Parses the file-command format of GITHUB_OUTPUT and GITHUB_STATE: `name<<DELIM\nvalue\nDELIM`. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i]);
      values[name] = body.join('\n');
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      values[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return values;
}

/**
 * Returns a writer that shows a step's output the way the runner's log does: without debug lines
 * and add-mask commands, and with each masked value replaced by ***.
 */
function runnerLogEcho(): { write(chunk: string): void; end(): void } {
  const masks: string[] = [];
  let partialLine = '';
  const show = (line: string): void => {
    if (line.startsWith('::debug::')) return;
    if (line.startsWith('::add-mask::')) {
      // Undo the escaping of @actions/core, which writes %, CR and LF as %25, %0D and %0A.
      const secret = line.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
      if (secret !== '') masks.push(secret);
      return;
    }
    process.stdout.write(`${masks.reduce((masked, secret) => masked.split(secret).join('***'), line)}\n`);
  };
  return {
    write(chunk) {
      const lines = (partialLine + chunk).split('\n');
      partialLine = lines.pop() ?? '';
      lines.forEach(show);
    },
    end() {
      if (partialLine !== '') show(partialLine);
      partialLine = '';
    },
  };
}

function readIfExists(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/**
 * Runs dist/index.js as the runner runs a node24 action step: a child process of this Node (the
 * test command runs Node 24), with INPUT_* variables and the file commands.
 */
export async function runActionStep(options: StepOptions = {}): Promise<StepResult> {
  const runnerTemp = options.runnerTemp ?? fs.mkdtempSync(path.join(os.tmpdir(), 'runner-temp-'));
  const workspace = options.workspace ?? fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-'));
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'file-commands-'));
  const outputFile = path.join(files, 'output');
  const stateFile = path.join(files, 'state');
  const summaryFile = path.join(files, 'summary');
  if (options.uid !== undefined) fs.chownSync(files, options.uid, options.gid ?? options.uid);
  for (const file of [outputFile, stateFile, summaryFile]) {
    fs.writeFileSync(file, '');
    if (options.uid !== undefined) fs.chownSync(file, options.uid, options.gid ?? options.uid);
  }

  // The runner directories chosen here win over any in options.env, so a sequence of jobs can keep
  // the same paths, as the cache version and archive paths require.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? os.homedir(),
    ...options.env,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STATE: stateFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'example/k8s-mesos-builder-tests',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'build',
    GITHUB_ACTIONS: 'true',
  };
  if (process.env.DOCKER_HOST) env.DOCKER_HOST = process.env.DOCKER_HOST;
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;

  const entry = options.actionDir === undefined ? ACTION_ENTRY : path.join(options.actionDir, 'dist', 'index.js');
  const [command, args] =
    options.runnerTempContents === undefined
      ? [process.execPath, [entry]]
      : // bash, not sh: dash drops environment names with a hyphen, such as INPUT_MAKE-ARGS.
        ['unshare', ['--mount', '--propagation', 'private', '--', 'bash', '-c', 'mount --bind "$0" "$1" && exec "$2" "$3"', options.runnerTempContents, runnerTemp, process.execPath, entry]];
  const child = spawn(command, args, { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'], uid: options.uid, gid: options.gid });
  let log = '';
  const echo = options.echo === true ? runnerLogEcho() : undefined;
  const collect = (chunk: Buffer): void => {
    log += chunk.toString();
    echo?.write(chunk.toString());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  options.onStart?.(child, () => log);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  );
  echo?.end();

  const result: StepResult = {
    exitCode,
    signal,
    log,
    outputs: parseFileCommands(readIfExists(outputFile)),
    state: parseFileCommands(readIfExists(stateFile)),
    summary: readIfExists(summaryFile),
  };
  fs.rmSync(files, { recursive: true, force: true });
  return result;
}

/** Runs the main step, then the post step with the state main saved, as the runner does. */
export async function runActionJob(options: StepOptions = {}): Promise<{ main: StepResult; post: StepResult }> {
  const runnerTemp = options.runnerTemp ?? fs.mkdtempSync(path.join(os.tmpdir(), 'runner-temp-'));
  const workspace = options.workspace ?? fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-'));
  const main = await runActionStep({ ...options, runnerTemp, workspace });
  const post = await runActionStep({ ...options, runnerTemp, workspace, state: main.state, onStart: undefined });
  return { main, post };
}
