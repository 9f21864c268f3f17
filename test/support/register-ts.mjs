// Lets Node run the TypeScript test helpers directly (node --import ./test/support/register-ts.mjs):
// Node 24 strips the types, and this hook maps the ".js" specifiers that TypeScript's NodeNext
// resolution requires onto the ".ts" files that exist.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if ((specifier.startsWith('.') || specifier.startsWith('/')) && specifier.endsWith('.js')) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
      throw error;
    }
  },
});
