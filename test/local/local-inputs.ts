import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/run-action.js';

/** Returns the input names that action.yml declares. */
export function readInputNames(actionYml = path.join(REPO_ROOT, 'action.yml')): string[] {
  const text = fs.readFileSync(actionYml, 'utf8');
  const section = text.slice(text.indexOf('\ninputs:\n'), text.indexOf('\noutputs:\n'));
  return [...section.matchAll(/^ {2}([a-z][a-z0-9-]*):$/gm)].map((match) => match[1]);
}

/**
 * Collects action inputs from INPUT_* variables. The runner spells them INPUT_GO-VERSION, which
 * most shells cannot export, so INPUT_GO_VERSION is accepted too. An unknown name is an error,
 * because a misspelt input would otherwise be ignored and the run would look like a pass.
 */
export function inputsFromEnvironment(env: NodeJS.ProcessEnv, known: string[]): Record<string, string> {
  const byVariable = new Map<string, string>();
  for (const name of known) {
    byVariable.set(`INPUT_${name.toUpperCase()}`, name);
    byVariable.set(`INPUT_${name.toUpperCase().replace(/-/g, '_')}`, name);
  }
  const inputs: Record<string, string> = {};
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith('INPUT_') || value === undefined) continue;
    const name = byVariable.get(variable);
    if (name === undefined) {
      throw new Error(`${variable} names no input of action.yml. Known inputs: ${known.join(', ')}.`);
    }
    inputs[name] = value;
  }
  return inputs;
}
