#!/usr/bin/env node
/**
 * Fetches registry models (models/registry.json) into a local model root, verifying every file.
 *
 *   node scripts/fetch-models.mjs [--out DIR] [--models ID,ID|all] [--dtype q8,fp32]
 *                                 [--mirror URL | --from DIR] [--trust-on-first-use] [--timeout MS]
 *
 * Sources, in order of preference given on the command line:
 *   default      https://huggingface.co/<repo>/resolve/<revision>/<file>  (pinned revision)
 *   --mirror URL <URL>/<id>/<file>; or a template with {repo} {revision} {id} {path}, e.g.
 *                'https://hf-mirror.example/{repo}/resolve/{revision}/{path}'
 *   --from DIR   <DIR>/<id>/<file> on disk
 * Output: <out>/<id>/<file> (default out: public/models, git-ignored, bundled by the build).
 *
 * Every file is checked for size and sha256 while streaming, written to a temporary name and
 * renamed into place only when it matches. A file whose sha256 the registry does not know is
 * refused unless --trust-on-first-use is given; then its hash is recorded in
 * <out>/trust-on-first-use.json and enforced on later runs. A model the source does not have
 * is not an error: the extension offers it for download in the options page.
 * Exit codes: 0 done (possibly with models skipped), 1 usage or I/O error, 2 integrity refusal.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile, open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HUB = 'https://huggingface.co/{repo}/resolve/{revision}/{path}';
const ONNX_FILE = { fp32: 'onnx/model.onnx', fp16: 'onnx/model_fp16.onnx', q8: 'onnx/model_quantized.onnx', q4: 'onnx/model_q4.onnx', q4f16: 'onnx/model_q4f16.onnx' };

class Missing extends Error {}
class Refused extends Error {}

function parseArgs(argv) {
  const opts = { out: path.join(root, 'public', 'models'), models: null, dtypes: null, mirror: null, from: null, tofu: false, timeout: 30_000, registry: path.join(root, 'models', 'registry.json') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--out') opts.out = path.resolve(value());
    else if (arg === '--models') opts.models = value().split(',');
    else if (arg === '--dtype') opts.dtypes = value().split(',');
    else if (arg === '--mirror') opts.mirror = value();
    else if (arg === '--from') opts.from = path.resolve(value());
    else if (arg === '--registry') opts.registry = path.resolve(value());
    else if (arg === '--timeout') opts.timeout = Number(value());
    else if (arg === '--trust-on-first-use') opts.tofu = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (opts.mirror && opts.from) throw new Error('give --mirror or --from, not both');
  return opts;
}

/** Files of a model for the chosen dtypes (default: the dtypes its browser backends use). */
function wantedFiles(model, dtypes) {
  const graphs = new Set((dtypes ?? [model.dtype.wasm, model.dtype.webgpu]).map((d) => ONNX_FILE[d]));
  return model.files.filter((f) => !f.path.endsWith('.onnx') || graphs.has(f.path));
}

function urlFor(opts, model, file) {
  const template = opts.mirror ? (opts.mirror.includes('{path}') ? opts.mirror : `${opts.mirror.replace(/\/$/, '')}/{id}/{path}`) : HUB;
  if (!opts.mirror && (!model.repo || !model.revision)) throw new Missing('not on the hub (project-made model)');
  return template.replace('{repo}', model.repo ?? model.id).replace('{revision}', model.revision ?? 'main').replace('{id}', model.id).replace('{path}', file.path);
}

/** Async iterator of chunks from the chosen source; throws Missing when the source lacks it. */
async function* openSource(opts, model, file) {
  if (opts.from) {
    const full = path.join(opts.from, model.id, file.path);
    if (!existsSync(full)) throw new Missing(`${full} does not exist`);
    yield* createReadStream(full);
    return;
  }
  const url = urlFor(opts, model, file);
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(opts.timeout), redirect: 'follow' });
  } catch (error) {
    throw new Missing(`${url}: ${error.cause?.code ?? error.message}`);
  }
  if (response.status === 404 || response.status === 401) throw new Missing(`${url}: HTTP ${response.status}`);
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
  yield* response.body;
}

async function sha256OfFile(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

function progress(label, done, total) {
  if (!process.stderr.isTTY && total !== null && done !== total) return; // keep CI logs short
  const pct = total ? ` ${((100 * done) / total).toFixed(1)}%` : '';
  process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}  ${label}: ${done} B${total ? ` / ${total} B` : ''}${pct}${process.stderr.isTTY && done !== total ? '' : '\n'}`);
}

/** Downloads one file to a temp name, verifies size + sha256 while streaming, renames into place. */
async function fetchFile(opts, model, file, expected) {
  const target = path.join(opts.out, model.id, file.path);
  if (expected.sha256 && existsSync(target) && (await stat(target)).size === expected.size && (await sha256OfFile(target)) === expected.sha256) {
    console.log(`  ok (already present) ${file.path}`);
    return null;
  }
  if (!expected.sha256 && !opts.tofu) throw new Refused(`${file.path}: the registry has no sha256 for it; refusing (re-run with --trust-on-first-use to accept and record it)`);
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.partial-${process.pid}`;
  const handle = await open(temp, 'w');
  const hash = createHash('sha256');
  let size = 0;
  let lastReport = 0;
  try {
    for await (const chunk of openSource(opts, model, file)) {
      size += chunk.byteLength;
      if (expected.size !== null && size > expected.size) throw new Refused(`${file.path}: larger than the expected ${expected.size} B; refusing`);
      hash.update(chunk);
      await handle.write(chunk);
      if (size - lastReport > 8 << 20) {
        progress(file.path, size, expected.size);
        lastReport = size;
      }
    }
    await handle.close();
    const digest = hash.digest('hex');
    if (expected.size !== null && size !== expected.size) throw new Refused(`${file.path}: got ${size} B, expected ${expected.size} B; refusing`);
    if (expected.sha256 && digest !== expected.sha256) throw new Refused(`${file.path}: sha256 ${digest} does not match the registry's ${expected.sha256}; refusing`);
    await rename(temp, target);
    progress(file.path, size, expected.size ?? size);
    return expected.sha256 ? null : { sha256: digest, size };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const registry = JSON.parse(await readFile(opts.registry, 'utf8'));
  const ids = !opts.models ? [registry.defaults.embedder, registry.defaults.englishEmbedder] : opts.models[0] === 'all' ? registry.models.filter((m) => m.source === 'hub').map((m) => m.id) : opts.models;
  const tofuPath = path.join(opts.out, 'trust-on-first-use.json');
  const tofu = existsSync(tofuPath) ? JSON.parse(await readFile(tofuPath, 'utf8')) : {};
  let refused = false;
  for (const id of ids) {
    const model = registry.models.find((m) => m.id === id);
    if (!model) throw new Error(`unknown model ${id}`);
    console.log(`${id} @ ${model.revision ?? 'project'} from ${opts.from ?? opts.mirror ?? 'huggingface.co'}`);
    try {
      for (const file of wantedFiles(model, opts.dtypes)) {
        const known = tofu[`${id}/${file.path}`];
        const expected = file.sha256 ? file : known ? { ...file, ...known } : file;
        const recorded = await fetchFile(opts, model, file, expected);
        if (recorded) {
          tofu[`${id}/${file.path}`] = recorded;
          console.log(`  trusted on first use: ${file.path} sha256 ${recorded.sha256} (${recorded.size} B), recorded in ${tofuPath}`);
        }
      }
      console.log(`  ${id}: complete and verified`);
    } catch (error) {
      if (error instanceof Missing) console.log(`  ${id}: not available (${error.message}); the extension will offer it in the options page`);
      else if (error instanceof Refused) {
        refused = true;
        console.error(`  ${id}: REFUSED ${error.message}`);
      } else throw error;
    }
  }
  if (Object.keys(tofu).length > 0) {
    await mkdir(opts.out, { recursive: true });
    await writeFile(tofuPath, `${JSON.stringify(tofu, null, 2)}\n`);
  }
  if (refused) process.exitCode = 2;
}

main().catch((error) => {
  console.error(`fetch-models: ${error.message}`);
  process.exitCode = 1;
});
