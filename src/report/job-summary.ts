import * as core from '@actions/core';
import type { UploadedArtifact } from '../artifact/upload.js';
import type { BuilderImage } from '../build/builder-image.js';
import type { BuildInfo } from '../package/build-info.js';
import type { PhaseTime } from './phase-timer.js';

/** Everything the job summary shows; without an artifact it reports that none was uploaded. */
export interface SummaryData {
  info: BuildInfo;
  image: BuilderImage;
  phases: PhaseTime[];
  artifact?: UploadedArtifact;
}

/** Escapes text from inputs (a ref may contain "<") before it goes into the summary's HTML. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Writes the job summary: source, builder image, binaries, phase times and the artifact. */
export async function writeJobSummary(data: SummaryData): Promise<void> {
  // Outside a runner (a local run, say) there is no summary file, and that is no reason to fail.
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('GITHUB_STEP_SUMMARY is not set, so no job summary is written.');
    return;
  }
  const { info, image } = data;
  const summary = core.summary.addHeading('k8s-mesos-builder', 2);

  summary.addHeading('Source', 3).addTable([
    [{ data: 'Repository', header: true }, { data: 'Ref', header: true }, { data: 'Commit', header: true }],
    [escapeHtml(info.repository), escapeHtml(info.ref) || '(default branch)', info.commit ? `<code>${info.commit}</code>` : '(not a git repository)'],
  ]);

  summary.addHeading('Builder image', 3).addTable([
    [{ data: 'Image', header: true }, { data: 'ID', header: true }, { data: 'Obtained', header: true }, { data: 'Cache hit', header: true }],
    [`<code>${image.reference}</code>`, `<code>${image.id.slice(0, 19)}</code>`, image.origin, String(image.cacheHit)],
  ]);

  summary.addHeading('Binaries', 3).addTable([
    [
      { data: 'Binary', header: true },
      { data: 'Size', header: true },
      { data: 'SHA-256', header: true },
      { data: 'Tags', header: true },
      { data: 'Race', header: true },
      { data: 'Go', header: true },
    ],
    ...info.binaries.map((binary) => [
      escapeHtml(binary.name),
      formatBytes(binary.size),
      `<code>${binary.sha256}</code>`,
      // An empty cell renders as an unclosed <td> in core.summary, so no tags reads as "none".
      escapeHtml(binary.buildSettings['-tags'] ?? 'none'),
      binary.buildSettings['-race'] === 'true' ? 'yes' : 'no',
      binary.goVersion || 'unknown',
    ]),
  ]);

  summary.addHeading('Phases', 3).addTable([
    [{ data: 'Phase', header: true }, { data: 'Seconds', header: true }],
    ...data.phases.map((phase) => [escapeHtml(phase.title), phase.seconds.toFixed(1)]),
  ]);

  summary.addHeading('Artifact', 3);
  if (data.artifact === undefined) {
    summary.addRaw('No artifact was uploaded.', true);
  } else {
    summary.addLink(`${escapeHtml(data.artifact.name)} (${formatBytes(data.artifact.size)})`, data.artifact.url).addBreak().addRaw(`Digest: <code>${data.artifact.digest}</code>`, true);
  }
  await summary.write();
}
