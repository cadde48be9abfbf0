#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, unit tests, both builds (+ web-ext lint of the Firefox build),
 * end-to-end tests in Chromium and Firefox. Every stage runs (e2e only after a good build); the
 * exit code is non-zero when any stage fails, and the last line sums the tests:
 * "tests: N passed, N failed".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
mkdirSync('.cache', { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = [];
const totals = { passed: 0, failed: 0, skipped: 0 };

function stage(name, cmd, args) {
  const t0 = Date.now();
  console.log(`\n━━ ${name} ━━ ${[path.basename(cmd), ...args].join(' ')}`);
  const ok = spawnSync(cmd, args, { stdio: 'inherit' }).status === 0;
  results.push({ name, ok, s: ((Date.now() - t0) / 1000).toFixed(1) });
  return ok;
}

function vitest(project) {
  const out = `.cache/vitest-${project}.json`;
  const ok = stage(`${project} tests`, bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    results.at(-1).tests = `${r.numPassedTests} passed, ${r.numFailedTests} failed`;
  } else if (!ok) totals.failed += 1;
}

const t0 = Date.now();
stage('setup check', process.execPath, ['scripts/setup.mjs', '--check']);
stage('typecheck', bin('tsc'), ['--noEmit']);
stage('lint', bin('eslint'), ['.']);
vitest('unit');
const built = stage('build chrome', bin('wxt'), ['build']) & stage('build firefox', bin('wxt'), ['build', '-b', 'firefox', '--mv3']);
if (built) stage('web-ext lint', bin('web-ext'), ['lint', '--source-dir', '.output/firefox-mv3', '--self-hosted', '--no-config-discovery']);
if (built) vitest('e2e');
else results.push({ name: 'e2e tests', ok: false, s: '0', tests: 'not run: build failed' });

console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(16)} ${r.s.padStart(6)} s${r.tests ? '  ' + r.tests : ''}`);
console.log(`wall time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
const failedStages = results.filter((r) => !r.ok).length;
if (failedStages && totals.failed === 0) totals.failed = failedStages;
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedStages ? 1 : 0);
