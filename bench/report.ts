// Prints the figures of one benchmark run as a Markdown table, then the ratios and the targets.
import type { JobFigures } from './figures.js';

/** The figures of all scenarios of one run. */
export interface BenchFigures {
  cold: JobFigures;
  /** Runs after the cold one, which reuse what it cached. */
  warm: JobFigures[];
  baseline: JobFigures;
}

const PEAK_RSS_LIMIT_MB = 200;

function seconds(value: number): string {
  return Number.isNaN(value) ? 'n/a' : value.toFixed(2);
}

function megabytes(value: number): string {
  return Number.isNaN(value) ? 'n/a' : value.toFixed(1);
}

function ratio(value: number): string {
  return Number.isNaN(value) ? 'n/a' : value.toFixed(3);
}

const ROWS: [string, (figures: JobFigures) => string][] = [
  ['node start-up to first line (s)', (f) => seconds(f.startup)],
  ['engine check (s)', (f) => seconds(f.engineCheck)],
  ['builder ready (s)', (f) => seconds(f.builderReady)],
  ['  of which docker build (s)', (f) => seconds(f.imageBuild)],
  ['  of which image save to cache (s)', (f) => seconds(f.imageSave)],
  ['  of which image restore from cache (s)', (f) => seconds(f.imageRestore)],
  ['  of which docker load (s)', (f) => seconds(f.imageLoad)],
  ['Go cache restore (s)', (f) => seconds(f.goCacheRestore)],
  ['make, the Build group (s)', (f) => seconds(f.make)],
  ['package the binaries (s)', (f) => seconds(f.packaging)],
  ['artifact upload (s)', (f) => seconds(f.upload)],
  ['other groups (s)', (f) => seconds(f.otherGroups)],
  ['main step outside groups, after start-up (s)', (f) => seconds(f.ungrouped)],
  ['main step (s)', (f) => seconds(f.mainWall)],
  ['post: Go cache save (s)', (f) => seconds(f.goCacheSave)],
  ['post step (s)', (f) => seconds(f.post)],
  ['total (s)', (f) => seconds(f.total)],
  ['action overhead (s)', (f) => seconds(f.overhead)],
  ['peak RSS, main (MB)', (f) => megabytes(f.peakRssMainMB)],
  ['peak RSS, post (MB)', (f) => megabytes(f.peakRssPostMB)],
  ['peak RSS while saving or uploading (MB)', (f) => megabytes(f.peakRssSaveUploadMB)],
  ['builder image from', (f) => f.imageSource],
  ['Go build cache', (f) => f.goCacheSource],
];

function printTable(columns: JobFigures[]): void {
  console.log(`| phase | ${columns.map((column) => column.name).join(' | ')} |`);
  console.log(`| --- | ${columns.map(() => '---:').join(' | ')} |`);
  for (const [label, format] of ROWS) console.log(`| ${label} | ${columns.map(format).join(' | ')} |`);
}

/** One scenario checked against a target: the measured figure and whether it meets the limit. */
interface TargetCheck {
  name: string;
  detail: string;
  pass: boolean;
}

function printTarget(description: string, checks: TargetCheck[]): boolean {
  // NaN compares false, so a phase missing from the log fails its target instead of passing it.
  const pass = checks.length > 0 && checks.every((check) => check.pass);
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${description}`);
  for (const check of checks) console.log(`      ${check.pass ? 'pass' : 'FAIL'}  ${check.name}: ${check.detail}`);
  return pass;
}

/** Prints the table, ratios and targets, and returns how many targets failed. */
export function printReport(figures: BenchFigures): number {
  const { cold, warm, baseline } = figures;
  printTable([cold, ...warm, baseline]);

  console.log('\nRatios');
  for (const job of [cold, ...warm]) {
    console.log(`  ${job.name}: total / baseline total ${ratio(job.total / baseline.total)}, total / cold total ${ratio(job.total / cold.total)}`);
  }

  // The docker build alone is the fair yardstick, because the cold group also saves the image to the cache.
  const coldImageBuild = Number.isNaN(cold.imageBuild) ? cold.builderReady : cold.imageBuild;
  const coldBuildNote = Number.isNaN(cold.imageBuild) ? ' (whole Prepare group: no end-of-build line found)' : '';
  console.log(`\nTargets (cold image build ${seconds(coldImageBuild)} s${coldBuildNote}, cold make ${seconds(cold.make)} s)`);

  const results = [
    printTarget(
      'builder ready on a warm run <= 0.25 x cold image build',
      warm.map((job) => {
        const value = job.builderReady / coldImageBuild;
        return { name: job.name, detail: `${seconds(job.builderReady)} s, ratio ${ratio(value)}`, pass: value <= 0.25 };
      }),
    ),
    printTarget(
      'make with a restored Go build cache <= 0.15 x cold make',
      warm.map((job) => {
        const value = job.make / cold.make;
        return { name: job.name, detail: `${seconds(job.make)} s, ratio ${ratio(value)}`, pass: value <= 0.15 };
      }),
    ),
    printTarget(
      'action overhead < 10% of a warm run',
      warm.map((job) => {
        const value = job.overhead / job.total;
        return { name: job.name, detail: `${seconds(job.overhead)} s of ${seconds(job.total)} s, ratio ${ratio(value)}`, pass: value < 0.1 };
      }),
    ),
    printTarget(
      `peak RSS of the action's node process while it saves and uploads < ${PEAK_RSS_LIMIT_MB} MB`,
      [cold, ...warm].map((job) => {
        const peak = job.peakRssSaveUploadMB;
        const detail = `${megabytes(peak)} MB, ratio ${ratio(peak / PEAK_RSS_LIMIT_MB)}; whole steps: main ${megabytes(job.peakRssMainMB)} MB, post ${megabytes(job.peakRssPostMB)} MB`;
        return { name: job.name, detail, pass: peak < PEAK_RSS_LIMIT_MB };
      }),
    ),
  ];
  return results.filter((pass) => !pass).length;
}
