/**
 * Runs fn with variables added to process.env, as the Actions clients read their configuration
 * from there at call time, and puts the environment back afterwards.
 */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const name of Object.keys(env)) saved[name] = process.env[name];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
