// Runs the bundled action once on this machine, as a workflow job would: against the local Docker
// engine, with a fresh git repository made from the fixture and the loopback stand-in of GitHub's
// Actions services. Inputs come from INPUT_* variables, as on a runner, for example
//   INPUT_BRANCH=v0.7.0 INPUT_TAGS=profile npm run local
// With no INPUT_SOURCE or INPUT_GIT-REPO, the fixture repository is built in snapshot mode.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startActionsServices } from '../support/actions-services/results-server.js';
import { createFixtureRepo } from '../support/fixture-repo.js';
import { inputsFromEnvironment, readInputNames } from './local-inputs.js';
import { runActionJob } from '../support/run-action.js';

let inputs: Record<string, string>;
try {
  inputs = inputsFromEnvironment(process.env, readInputNames());
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mesos-builder-local-'));
const services = await startActionsServices();
let exitCode: number;
try {
  const fixture = await createFixtureRepo(scratch);
  if (inputs.source === undefined && inputs['git-repo'] === undefined) inputs.source = fixture.path;

  const env = services.env();
  const runnerTemp = path.join(scratch, 'runner-temp');
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(runnerTemp);
  fs.mkdirSync(workspace);
  console.log(`Fixture repository: ${fixture.path} (branches ${fixture.defaultBranch}, ${fixture.branch}; tag ${fixture.tag})`);
  console.log(`Inputs: ${JSON.stringify(inputs).replace(/\/\/[^/@"]*@/g, '//***@')}`);
  const { main, post } = await runActionJob({ inputs, env, runnerTemp, workspace, echo: true });

  console.log('\nOutputs:');
  for (const [name, value] of Object.entries(main.outputs)) console.log(`  ${name}: ${value}`);
  console.log(`Artifacts in the stand-in service: ${services.artifacts().map((artifact) => `${artifact.name} (${artifact.size} bytes)`).join(', ') || 'none'}`);
  if (main.summary !== '') console.log(`\nJob summary (HTML, as the run page would show it):\n${main.summary}`);
  exitCode = main.exitCode === 0 && post.exitCode === 0 ? 0 : 1;
  if (exitCode === 0) console.log(`\nThe binaries are in ${main.outputs['target-dir']}.`);
  console.log(`The scratch directory ${scratch} is kept for inspection; delete it when done.`);
} finally {
  await services.stop();
}
process.exit(exitCode);
