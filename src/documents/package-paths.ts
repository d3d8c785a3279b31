import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

/**
 * `require` of the compiled CommonJS build resolves from this file; under Jest (ES modules) there is
 * no `require`, so resolve from the project root instead.
 */
const localRequire: NodeJS.Require =
  typeof require === 'function' ? require : createRequire(resolve('package.json'));

/** Absolute path of a module entry point (e.g. `@sparticuz/chromium`). */
export function resolveModule(specifier: string): string {
  return localRequire.resolve(specifier);
}

/** Folder of an installed package, found through its main entry (fontsource exports only CSS). */
export function packageDir(name: string): string {
  return dirname(localRequire.resolve(name));
}
