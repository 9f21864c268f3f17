import * as actionsExec from '@actions/exec';

/** Result of a finished command; stdout and stderr keep only their last lines. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
  /** Capture output without echoing it or the command line to the log. */
  silent?: boolean;
  /** Return non-zero exits instead of throwing. */
  ignoreReturnCode?: boolean;
  /** How many trailing lines of each stream to keep; earlier output is streamed but not held. */
  tailLines?: number;
}

/** A command that exited non-zero; the message carries the command and the tail of its output. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number,
    readonly tail: string,
  ) {
    super(`${command} failed with exit code ${exitCode}${tail === '' ? '' : `:\n${tail}`}`);
    this.name = 'CommandError';
  }
}

/** Keeps the last `max` lines of a stream without buffering the whole of it. */
class LineTail {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    const parts = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }

  text(): string {
    return [...this.lines, this.partial].filter((line) => line !== '').join('\n');
  }
}

/**
 * Runs a program with an argument array (never through a shell), streaming its output to the log
 * unless silent, and throws a CommandError on a non-zero exit unless ignoreReturnCode is set.
 */
export async function runCommand(command: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  const stdout = new LineTail(options.tailLines ?? 200);
  const stderr = new LineTail(options.tailLines ?? 200);
  const env = options.env === undefined ? undefined : ({ ...process.env, ...options.env } as Record<string, string>);
  const exitCode = await actionsExec.exec(command, args, {
    env,
    silent: options.silent ?? false,
    ignoreReturnCode: true,
    listeners: {
      stdout: (data: Buffer) => stdout.push(data),
      stderr: (data: Buffer) => stderr.push(data),
    },
  });
  const result = { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  if (exitCode !== 0 && options.ignoreReturnCode !== true) {
    const tail = [result.stdout, result.stderr].filter((text) => text !== '').join('\n').split('\n').slice(-30).join('\n');
    throw new CommandError([command, ...args.slice(0, 2)].join(' '), exitCode, tail);
  }
  return result;
}
