#!/usr/bin/env node
/**
 * Installs or checks what the tests need beyond npm packages. Runs from `npm install`
 * (postinstall) and before `npm test`:
 *   - Debian packages for the end-to-end tests: chromium, firefox-esr, xvfb + xdotool (a headed
 *     browser under a virtual display, so the browser's own permission prompt can be answered),
 *     openssl (the local HTTPS stand-in). Installed with apt-get when missing and running as root.
 *   - the test models' tokenizer files (copied from ../shared/models by setup-models.mjs).
 * `--check` only reports, exit 1 when something is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const checkOnly = process.argv.includes('--check');
const PACKAGES = [
  { pkg: 'chromium', bin: '/usr/bin/chromium' },
  { pkg: 'firefox-esr', bin: '/usr/bin/firefox-esr' },
  { pkg: 'xvfb', bin: '/usr/bin/Xvfb' },
  { pkg: 'xdotool', bin: '/usr/bin/xdotool' },
  { pkg: 'openssl', bin: '/usr/bin/openssl' },
];

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;

const missing = PACKAGES.filter((p) => !existsSync(p.bin));
if (missing.length) {
  const names = missing.map((p) => p.pkg);
  const isRoot = process.getuid?.() === 0;
  if (checkOnly || !isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(`[setup] missing for the e2e tests: ${names.join(' ')} — install with: sudo apt-get install -y ${names.join(' ')}`);
    if (checkOnly) process.exit(1);
  } else {
    console.log(`[setup] apt-get install ${names.join(' ')}`);
    if (!run('apt-get', ['update', '-qq']) || !run('apt-get', ['install', '-y', '-qq', ...names])) {
      console.error('[setup] apt-get failed');
      process.exit(1);
    }
  }
} else {
  console.log('[setup] browsers and e2e tools present');
}

if (!run(process.execPath, [path.join(root, 'scripts', 'setup-models.mjs')])) {
  console.error('[setup] test models are not ready (see above)');
  process.exit(1);
}
