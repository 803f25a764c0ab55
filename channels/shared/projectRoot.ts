import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding package.json. Static files are read relative to it because the compiled
 * code runs from dist/, where only .ts-derived files are copied.
 */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`projectRoot(): no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
