import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelFileSource } from './integrity';

/** Node-only source over a local model root directory (tests, bench, scripts). */
export function nodeFileSource(root: string): ModelFileSource {
  return {
    description: root,
    async read(file) {
      try {
        return new Uint8Array(await readFile(path.join(root, file)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}
