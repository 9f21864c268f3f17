// Turns one measured job, or the baseline run, into the figures that the report prints.
import { findGroup, groupSeconds, linesInGroup, logGroups, startupSeconds, wallSeconds, type LogGroup, type StepTimeline } from './phases.js';
import { maxRssWithin } from './peak-rss.js';
import type { BaselineRun, MeasuredJob } from './scenarios.js';

/** Seconds per phase (NaN where a phase does not apply), peak RSS in MB, and where caches came from. */
export interface JobFigures {
  name: string;
  startup: number;
  engineCheck: number;
  builderReady: number;
  /**
   * Parts of builderReady, each NaN where it did not happen: the `docker build`, the save of a
   * built image to the cache, the restore of a cached image archive, and its `docker load`.
   */
  imageBuild: number;
  imageSave: number;
  imageRestore: number;
  imageLoad: number;
  goCacheRestore: number;
  make: number;
  packaging: number;
  upload: number;
  /** Main-step groups that have no row of their own. */
  otherGroups: number;
  /** Main-step time after start-up that no group covers, such as writing the job summary and exiting. */
  ungrouped: number;
  mainWall: number;
  goCacheSave: number;
  post: number;
  total: number;
  /** total − make − upload: what the action adds around the work it exists to do. */
  overhead: number;
  peakRssMainMB: number;
  peakRssPostMB: number;
  /** Highest sampled RSS of either step while it saved to the cache or uploaded the artifact. */
  peakRssSaveUploadMB: number;
  imageSource: string;
  goCacheSource: string;
}

// The last line that docker prints for a finished build: the classic builder's, then buildx's.
const IMAGE_BUILT_LINE = /^Successfully tagged |^#\d+ naming to \S+ done$/;
// Lines of the action and @actions/exec that bound the restore and the load of a cached image.
// The Go build cache restores at the same time and prints the same @actions/cache lines.
const CACHE_RESTORED_LINE = /^Restored the image archive /;
const DOCKER_LOAD_COMMAND = /^\[command\]\S*docker load /;
const IMAGE_LOADED_LINE = /^Loaded image/;

// Title prefixes of the main step's groups that have a row of their own. Other groups are summed
// into otherGroups, so that a phase added to the action shows up in the table.
const MAIN_PHASES = {
  engineCheck: 'Check the Docker engine',
  builderReady: 'Prepare the builder image',
  goCacheRestore: 'Restore the Go build cache',
  make: 'Build ',
  packaging: 'Package the binaries',
  upload: 'Upload the artifact',
} as const;

const KIB_TO_MB = 1024 / 1_000_000;

function firstMatch(log: string, labels: [RegExp, string][]): string {
  for (const [pattern, label] of labels) if (pattern.test(log)) return label;
  return 'unknown';
}

// NOTE: the sources are read from the action's log messages, so a reworded message shows as "unknown".
function imageSource(log: string): string {
  return firstMatch(log, [
    [/the engine already has an image/, 'engine'],
    [/loaded from the exact cache entry/, 'Actions cache'],
    [/^Rebuilding from /m, 'rebuilt from cache'],
    [/^Building k8s-mesos-builder:/m, 'built'],
  ]);
}

function goCacheSource(mainLog: string, postLog: string): string {
  const restored = firstMatch(mainLog, [
    [/^Restored the Go build cache /m, 'restored'],
    [/^No Go build cache /m, 'miss'],
  ]);
  const saved = firstMatch(postLog, [
    [/^Saved the Go build cache /m, 'saved'],
    [/not saving it again/, 'not saved'],
  ]);
  return `${restored}, ${saved}`;
}

interface BuilderBreakdown {
  imageBuild: number;
  imageSave: number;
  imageRestore: number;
  imageLoad: number;
}

// Either bound undefined means that part did not happen, so its duration is NaN.
function secondsBetween(start: number | undefined, end: number | undefined): number {
  return start === undefined || end === undefined ? Number.NaN : (end - start) / 1000;
}

// NOTE: the boundaries are log lines of docker, @actions/cache and @actions/exec. Where one is
// missing or reworded, that part shows as n/a.
function builderBreakdown(timeline: StepTimeline, prepare: LogGroup | undefined): BuilderBreakdown {
  if (prepare === undefined) return { imageBuild: Number.NaN, imageSave: Number.NaN, imageRestore: Number.NaN, imageLoad: Number.NaN };
  const built = linesInGroup(timeline, prepare, IMAGE_BUILT_LINE).at(-1)?.at;
  const restored = linesInGroup(timeline, prepare, CACHE_RESTORED_LINE)[0]?.at;
  const loadStarted = linesInGroup(timeline, prepare, DOCKER_LOAD_COMMAND)[0]?.at;
  const loaded = linesInGroup(timeline, prepare, IMAGE_LOADED_LINE).at(-1)?.at;
  return {
    imageBuild: secondsBetween(prepare.start, built),
    imageSave: secondsBetween(built, prepare.end),
    imageRestore: secondsBetween(prepare.start, restored),
    imageLoad: secondsBetween(loadStarted, loaded),
  };
}

/** A stretch of a step on the performance.now() clock. */
interface TimeWindow {
  start: number;
  end: number;
}

/**
 * Returns the highest RSS that either step sampled inside its windows, or NaN when no sample fell
 * inside any of them.
 */
function saveUploadPeakKiB(job: MeasuredJob, mainWindows: TimeWindow[], postWindows: TimeWindow[]): number {
  const peaks = [maxRssWithin(job.main.rss.samples, mainWindows), maxRssWithin(job.post.rss.samples, postWindows)].filter((peak) => !Number.isNaN(peak));
  return peaks.length === 0 ? Number.NaN : Math.max(...peaks);
}

/** Derives the phase figures of one job from its timed logs. */
export function jobFigures(job: MeasuredJob): JobFigures {
  const groups = logGroups(job.main.timeline);
  const phase = (prefix: string): number => groupSeconds(findGroup(groups, prefix));
  const prefixes: string[] = Object.values(MAIN_PHASES);
  const otherGroups = groups.filter((group) => !prefixes.some((prefix) => group.title.startsWith(prefix)));
  const groupedSeconds = groups.reduce((sum, group) => sum + groupSeconds(group), 0);

  const startup = startupSeconds(job.main.timeline);
  const make = phase(MAIN_PHASES.make);
  const upload = phase(MAIN_PHASES.upload);
  const mainWall = wallSeconds(job.main.timeline);
  const post = wallSeconds(job.post.timeline);
  const total = mainWall + post;
  const prepare = findGroup(groups, MAIN_PHASES.builderReady);
  const breakdown = builderBreakdown(job.main.timeline, prepare);
  const goCacheSaveGroup = findGroup(logGroups(job.post.timeline), 'Save the Go build cache');
  // Saving and uploading: the image save, from the end of the build to the end of its group, the
  // artifact upload, and the post step's save of the Go build cache.
  const mainSaveUpload: (TimeWindow | undefined)[] = [findGroup(groups, MAIN_PHASES.upload)];
  if (prepare !== undefined && !Number.isNaN(breakdown.imageSave)) mainSaveUpload.push({ start: prepare.end - breakdown.imageSave * 1000, end: prepare.end });

  return {
    name: job.name,
    startup,
    engineCheck: phase(MAIN_PHASES.engineCheck),
    builderReady: groupSeconds(prepare),
    ...breakdown,
    goCacheRestore: phase(MAIN_PHASES.goCacheRestore),
    make,
    packaging: phase(MAIN_PHASES.packaging),
    upload,
    otherGroups: otherGroups.reduce((sum, group) => sum + groupSeconds(group), 0),
    ungrouped: mainWall - startup - groupedSeconds,
    mainWall,
    goCacheSave: groupSeconds(goCacheSaveGroup),
    post,
    total,
    overhead: total - make - upload,
    peakRssMainMB: job.main.rss.peakKiB * KIB_TO_MB,
    peakRssPostMB: job.post.rss.peakKiB * KIB_TO_MB,
    peakRssSaveUploadMB: saveUploadPeakKiB(job, mainSaveUpload.filter((window) => window !== undefined), goCacheSaveGroup === undefined ? [] : [goCacheSaveGroup]) * KIB_TO_MB,
    imageSource: imageSource(job.main.result.log),
    goCacheSource: goCacheSource(job.main.result.log, job.post.result.log),
  };
}

/** Maps the baseline onto the same rows: the image build is builder-ready time, the run is make. */
export function baselineFigures(baseline: BaselineRun): JobFigures {
  const total = baseline.build.seconds + baseline.run.seconds;
  return {
    name: 'baseline',
    startup: Number.NaN,
    engineCheck: Number.NaN,
    builderReady: baseline.build.seconds,
    imageBuild: baseline.build.seconds,
    imageSave: Number.NaN,
    imageRestore: Number.NaN,
    imageLoad: Number.NaN,
    goCacheRestore: Number.NaN,
    make: baseline.run.seconds,
    packaging: Number.NaN,
    upload: Number.NaN,
    otherGroups: Number.NaN,
    ungrouped: Number.NaN,
    mainWall: total,
    goCacheSave: Number.NaN,
    post: Number.NaN,
    total,
    overhead: Number.NaN,
    peakRssMainMB: Number.NaN,
    peakRssPostMB: Number.NaN,
    peakRssSaveUploadMB: Number.NaN,
    imageSource: 'built, no cache',
    goCacheSource: 'none',
  };
}
