import fs from 'node:fs';
import path from 'node:path';

/** One binary as build-info.json records it. */
export interface BinaryInfo {
  name: string;
  size: number;
  sha256: string;
  /** Go version that built it, from `go version -m`, e.g. go1.23.5. */
  goVersion: string;
  /** The `build` settings `go version -m` reports, e.g. {"-tags": "profile", "-race": "true"}. */
  buildSettings: Record<string, string>;
}

/** Record of the build (source, settings, builder and binaries): the content of build-info.json and the `metadata` output. */
export interface BuildInfo {
  repository: string;
  ref: string;
  commit: string;
  goPackage: string;
  goVersion: string;
  tags: string[];
  race: boolean;
  makeArgs: string[];
  builderImage: { id: string; key: string; reference: string };
  binaries: BinaryInfo[];
}

/** Parses `go version -m` output into the Go version and the build settings. */
export function parseGoVersionM(text: string): { goVersion: string; buildSettings: Record<string, string> } {
  const lines = text.split('\n');
  const goVersion = /:\s+(go\S+)/.exec(lines[0] ?? '')?.[1] ?? '';
  const buildSettings: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const fields = line.trim().split('\t');
    if (fields[0] !== 'build' || fields[1] === undefined) continue;
    const at = fields[1].indexOf('=');
    if (at > 0) buildSettings[fields[1].slice(0, at)] = fields[1].slice(at + 1);
  }
  return { goVersion, buildSettings };
}

/** Writes build-info.json atomically and returns its path. */
export async function writeBuildInfo(dir: string, info: BuildInfo): Promise<string> {
  const file = path.join(dir, 'build-info.json');
  await fs.promises.writeFile(`${file}.partial`, `${JSON.stringify(info, null, 2)}\n`);
  await fs.promises.rename(`${file}.partial`, file);
  return file;
}
