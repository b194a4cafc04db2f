import { fileURLToPath } from 'node:url';

/**
 * The package's root folder (where package.json, data/ and models/ live). This file sits one level
 * below the root both as source (src/) and once bundled (every bundle chunk is in dist/).
 */
export function packagePath(...parts: string[]): string {
  return fileURLToPath(new URL(`../${parts.join('/')}`, import.meta.url));
}
