// Node module hooks for scripts the tests run in child processes on the ai@7 line: `ai`, `@ai-sdk/*` and
// `zod` resolve from this directory's install, as vitest.config.ts does for the test files themselves.
const ownPackage = new URL('./package.json', import.meta.url).href;
const ownInstall = new URL('./node_modules/', import.meta.url).href;
const redirected = /^(ai|zod|@ai-sdk\/[^/]+)(\/.*)?$/;

export async function resolve(specifier, context, nextResolve) {
  if (redirected.test(specifier) && !context.parentURL?.startsWith(ownInstall)) {
    return nextResolve(specifier, { ...context, parentURL: ownPackage });
  }
  return nextResolve(specifier, context);
}
