/**
 * Debian's /usr/bin/python3 with torch, onnx and numpy: what scripts/make-test-models.py needs
 * (the test models of `npm test` and the real-shape models of `npm run bench`). Installed with
 * apt-get when missing and we run as root; otherwise a clear error says what to run.
 */
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-torch', 'python3-onnx'];

const quiet = (cmd, argv) => spawnSync(cmd, argv, { stdio: 'ignore' }).status === 0;
/** apt-get's output goes to stderr so that a caller's stdout (a bench table) stays clean. */
const loud = (cmd, argv) => spawnSync(cmd, argv, { stdio: ['ignore', 2, 2] }).status === 0;

export function ensurePythonDeps() {
  if (quiet(PYTHON, ['-c', 'import torch, onnx, numpy'])) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${PACKAGES.join(' / ')} missing: run \`sudo apt-get install -y ${PACKAGES.join(' ')}\``);
  }
  console.error(`installing ${PACKAGES.join(' ')} with apt-get …`);
  const install = () => loud('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES]);
  if (!install()) {
    loud('apt-get', ['update']);
    if (!install()) throw new Error(`apt-get could not install ${PACKAGES.join(' ')}`);
  }
}
