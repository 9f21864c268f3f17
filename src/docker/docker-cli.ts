import { runCommand, type CommandOptions, type CommandResult } from '../exec.js';

/** The docker CLI behind one exec method, so every call takes an argument array. */
export class DockerCli {
  private buildxAvailable: boolean | undefined;

  constructor(private readonly command = 'docker') {}

  /** Runs `docker ARGS`. */
  async exec(args: string[], options: CommandOptions = {}): Promise<CommandResult> {
    return runCommand(this.command, args, options);
  }

  /** Returns the engine's version, or throws when no engine responds. */
  async serverVersion(): Promise<string> {
    const result = await this.exec(['version', '--format', '{{.Server.Version}}'], { silent: true, ignoreReturnCode: true });
    if (result.exitCode !== 0 || result.stdout.trim() === '') {
      throw new Error(result.stderr.trim() || `docker version exited with ${result.exitCode}`);
    }
    return result.stdout.trim();
  }

  /** Tells whether the client has the buildx plugin; without it `docker build` needs the classic builder. */
  async hasBuildx(): Promise<boolean> {
    if (this.buildxAvailable === undefined) {
      const result = await this.exec(['buildx', 'version'], { silent: true, ignoreReturnCode: true });
      this.buildxAvailable = result.exitCode === 0;
    }
    return this.buildxAvailable;
  }

  /** Returns the ID of a local image, or undefined when the engine does not have it. */
  async imageId(reference: string): Promise<string | undefined> {
    const result = await this.exec(['image', 'inspect', '--format', '{{.Id}}', reference], { silent: true, ignoreReturnCode: true });
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  }

  /** Returns one label of a local image, or undefined. */
  async imageLabel(reference: string, label: string): Promise<string | undefined> {
    const format = `{{index .Config.Labels ${JSON.stringify(label)}}}`;
    const result = await this.exec(['image', 'inspect', '--format', format, reference], { silent: true, ignoreReturnCode: true });
    const value = result.stdout.trim();
    return result.exitCode === 0 && value !== '' && value !== '<no value>' ? value : undefined;
  }

  /** Removes containers by name or ID, ignoring those already gone. */
  async removeContainers(names: string[]): Promise<void> {
    if (names.length === 0) return;
    await this.exec(['rm', '--force', '--volumes', ...names], { silent: true, ignoreReturnCode: true });
  }

  /** Lists the IDs of containers, running or not, that carry a label with the given value. */
  async containersWithLabel(label: string, value: string): Promise<string[]> {
    const result = await this.exec(['ps', '--all', '--quiet', '--filter', `label=${label}=${value}`], { silent: true, ignoreReturnCode: true });
    return result.stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  }
}
