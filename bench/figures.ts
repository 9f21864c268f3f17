// Turns one measured job, or the baseline run, into the figures that the report prints.
import { findGroup, groupSeconds, lastLineInGroup, logGroups, startupSeconds, wallSeconds } from './phases.js';
import type { BaselineRun, MeasuredJob } from './scenarios.js';

/** Seconds per phase (NaN where a phase does not apply), peak RSS in MB, and where caches came from. */
export interface JobFigures {
  name: string;
  startup: number;
  engineCheck: number;
  builderReady: number;
  /** The `docker build` part of builderReady; NaN when the image was not built. */
  imageBuild: number;
  goCacheRestore: number;
  make: number;
  upload: number;
  mainWall: number;
  goCacheSave: number;
  post: number;
  total: number;
  /** total − make − upload: what the action adds around the work it exists to do. */
  overhead: number;
  peakRssMainMB: number;
  peakRssPostMB: number;
  imageSource: string;
  goCacheSource: string;
}

// The last line that docker prints for a finished build: the classic builder's, then buildx's.
const IMAGE_BUILT_LINE = /^Successfully tagged |^#\d+ naming to \S+ done$/;

const KIB_TO_MB = 1024 / 1_000_000;

function firstMatch(log: string, labels: [RegExp, string][]): string {
  for (const [pattern, label] of labels) if (pattern.test(log)) return label;
  return 'unknown';
}

// NOTE: the sources are read from the action's log messages; a reworded message shows as "unknown".
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

/** Derives the phase figures of one job from its timed logs. */
export function jobFigures(job: MeasuredJob): JobFigures {
  const groups = logGroups(job.main.timeline);
  const prepare = findGroup(groups, 'Prepare the builder image');
  const built = prepare === undefined ? undefined : lastLineInGroup(job.main.timeline, prepare, IMAGE_BUILT_LINE);
  const make = groupSeconds(findGroup(groups, 'Build '));
  const upload = groupSeconds(findGroup(groups, 'Upload the artifact'));
  const mainWall = wallSeconds(job.main.timeline);
  const post = wallSeconds(job.post.timeline);
  const total = mainWall + post;

  return {
    name: job.name,
    startup: startupSeconds(job.main.timeline),
    engineCheck: groupSeconds(findGroup(groups, 'Check the Docker engine')),
    builderReady: groupSeconds(prepare),
    imageBuild: built === undefined || prepare === undefined ? Number.NaN : (built.at - prepare.start) / 1000,
    goCacheRestore: groupSeconds(findGroup(groups, 'Restore the Go build cache')),
    make,
    upload,
    mainWall,
    goCacheSave: groupSeconds(findGroup(logGroups(job.post.timeline), 'Save the Go build cache')),
    post,
    total,
    overhead: total - make - upload,
    peakRssMainMB: job.main.peakRssKiB * KIB_TO_MB,
    peakRssPostMB: job.post.peakRssKiB * KIB_TO_MB,
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
    goCacheRestore: Number.NaN,
    make: baseline.run.seconds,
    upload: Number.NaN,
    mainWall: total,
    goCacheSave: Number.NaN,
    post: Number.NaN,
    total,
    overhead: Number.NaN,
    peakRssMainMB: Number.NaN,
    peakRssPostMB: Number.NaN,
    imageSource: 'built, no cache',
    goCacheSource: 'none',
  };
}
