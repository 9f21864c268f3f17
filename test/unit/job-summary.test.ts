import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeJobSummary, type SummaryData } from '../../src/report/job-summary.js';

const data: SummaryData = {
  info: {
    repository: 'https://example.com/team/kubernetes-mesos',
    ref: 'feature/<b>bold</b>',
    commit: 'a'.repeat(40),
    goPackage: 'github.com/mesosphere/kubernetes-mesos',
    goVersion: 'go1.23.5',
    tags: [],
    race: true,
    makeArgs: ['bootstrap', 'install'],
    builderImage: { id: `sha256:${'b'.repeat(64)}`, key: 'k', reference: 'k8s-mesos-builder:go1.23-k' },
    binaries: [{ name: 'proxy', size: 3 * 1024 * 1024, sha256: 'c'.repeat(64), goVersion: 'go1.23.5', buildSettings: { '-race': 'true' } }],
  },
  image: { reference: 'k8s-mesos-builder:go1.23-k', id: `sha256:${'b'.repeat(64)}`, key: 'k', origin: 'cache', cacheHit: true },
  phases: [{ title: 'Build bootstrap install', seconds: 12.345 }],
  artifact: { name: 'bins', id: 7, size: 2048, digest: 'd'.repeat(64), url: 'https://github.com/o/r/actions/runs/1/artifacts/7' },
};

const savedSummaryPath = process.env.GITHUB_STEP_SUMMARY;
afterEach(() => {
  if (savedSummaryPath === undefined) delete process.env.GITHUB_STEP_SUMMARY;
  else process.env.GITHUB_STEP_SUMMARY = savedSummaryPath;
});

// core.summary remembers the first file it wrote to, so every test shares one, emptied first.
const sharedFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'summary-')), 'summary.md');

function summaryFile(): string {
  fs.writeFileSync(sharedFile, '');
  process.env.GITHUB_STEP_SUMMARY = sharedFile;
  return sharedFile;
}

describe('writeJobSummary', () => {
  it('escapes a ref that contains HTML', async () => {
    const file = summaryFile();
    await writeJobSummary(data);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('feature/&lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<b>bold</b>');
  });

  it('lists binaries, phases and the artifact', async () => {
    const file = summaryFile();
    await writeJobSummary(data);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain(`<td>proxy</td><td>3.0 MiB</td><td><code>${'c'.repeat(64)}</code></td><td>none</td><td>yes</td><td>go1.23.5</td>`);
    expect(html).toContain('<td>Build bootstrap install</td><td>12.3</td>');
    expect(html).toContain('<a href="https://github.com/o/r/actions/runs/1/artifacts/7">bins (2.0 KiB)</a>');
    expect(html).toContain('<td>cache</td><td>true</td>');
  });

  it('skips writing outside a runner', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    await expect(writeJobSummary(data)).resolves.toBeUndefined();
  });
});
