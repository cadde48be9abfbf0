#!/usr/bin/env node
/**
 * Makes sure test/models/ holds LocalRank's tiny test models, ready for the unit and e2e tests.
 *
 *   node scripts/setup-models.mjs [--tokenizers DIR] [--register] [--force]
 *
 * - Copies the third-party tokenizer files from ../shared/models/tokenizers-only (or DIR, or
 *   $LOCALRANK_TOKENIZERS) into each test model folder. They are never committed (.gitignore).
 * - Runs scripts/make-test-models.py with Debian's /usr/bin/python3 when an .onnx file is missing
 *   (or with --force), installing python3-torch and python3-onnx with apt-get first when they
 *   are missing and we run as root.
 * - Checks every test model file against the sha256 and size in models/registry.json; with
 *   --register it writes the measured values there instead (after a deliberate regeneration).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON, ensurePythonDeps } from './python-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const registryPath = path.join(root, 'models', 'registry.json');
const modelsDir = path.join(root, 'test', 'models');
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];
/** Test model id -> folder of its tokenizer under tokenizers-only/. */
const TOKENIZER_SOURCE = {
  'localrank-test/tiny-minilm': 'Xenova/all-MiniLM-L6-v2',
  'localrank-test/tiny-lm': 'smollm-family',
};

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const tokenizersDir = path.resolve(
  option('--tokenizers') ?? process.env.LOCALRANK_TOKENIZERS ?? path.join(root, '..', 'shared', 'models', 'tokenizers-only'),
);

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const run = (cmd, argv) => spawnSync(cmd, argv, { stdio: 'inherit', cwd: root }).status === 0;

function copyTokenizers() {
  for (const [id, source] of Object.entries(TOKENIZER_SOURCE)) {
    const from = path.join(tokenizersDir, source);
    if (!existsSync(path.join(from, 'tokenizer.json'))) {
      throw new Error(`tokenizer for ${id} not found at ${from}: pass --tokenizers DIR or set LOCALRANK_TOKENIZERS`);
    }
    for (const name of TOKENIZER_FILES) {
      if (existsSync(path.join(from, name))) copyFileSync(path.join(from, name), path.join(modelsDir, id, name));
    }
  }
}

function testEntries(registry) {
  return registry.models.filter((m) => m.source === 'project');
}

function missingOnnx(registry) {
  return testEntries(registry).flatMap((m) =>
    m.files.filter((f) => f.path.endsWith('.onnx') && !existsSync(path.join(modelsDir, m.id, f.path))),
  );
}

/** Compares (or with `register`, records) sha256 and size of every test model file. */
function checkOrRegister(registry, register) {
  const problems = [];
  for (const model of testEntries(registry)) {
    for (const file of model.files) {
      const full = path.join(modelsDir, model.id, file.path);
      if (!existsSync(full)) {
        problems.push(`${model.id}/${file.path}: missing`);
        continue;
      }
      const actual = { sha256: sha256(full), size: statSync(full).size };
      if (register) Object.assign(file, actual);
      else if (actual.sha256 !== file.sha256 || actual.size !== file.size) {
        problems.push(`${model.id}/${file.path}: sha256 ${actual.sha256} (${actual.size} B) != registry ${file.sha256} (${file.size} B)`);
      }
    }
  }
  if (register) writeFileSync(registryPath, `${JSON.stringify(registry, null, 2)}\n`);
  return problems;
}

function main() {
  const registry = JSON.parse(readFileSync(registryPath, 'utf8'));
  if (flag('--force') || missingOnnx(registry).length > 0) {
    ensurePythonDeps();
    const argv = [path.join(root, 'scripts', 'make-test-models.py'), modelsDir, '--tokenizers', tokenizersDir];
    if (!run(PYTHON, argv)) throw new Error('scripts/make-test-models.py failed');
  }
  copyTokenizers();
  const problems = checkOrRegister(registry, flag('--register'));
  if (flag('--register')) console.log(`recorded test model hashes in ${path.relative(root, registryPath)}`);
  else if (problems.length > 0) {
    // Another torch/onnx version can write other bytes: the models still work, but the
    // registry (and the tests that pin it) describe the committed files.
    console.warn(`test models differ from models/registry.json:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else console.log('test models ready in test/models/ (all sha256 match the registry)');
}

try {
  main();
} catch (error) {
  console.error(`setup-models: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
