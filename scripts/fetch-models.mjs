#!/usr/bin/env node
/**
 * Fetches registry models (models/registry.json) into a local model root, verifying every file.
 *
 *   node scripts/fetch-models.mjs [--out DIR] [--models ID,ID|all] [--dtype q8,fp32]
 *                                 [--mirror URL | --from DIR] [--record-hashes] [--timeout MS]
 *
 * Sources, in order of preference given on the command line:
 *   default      https://huggingface.co/<repo>/resolve/<revision>/<file>  (pinned revision)
 *   --mirror URL <URL>/<id>/<file>; or a template with {repo} {revision} {id} {path}, e.g.
 *                'https://hf-mirror.example/{repo}/resolve/{revision}/{path}'
 *   --from DIR   <DIR>/<id>/<file> on disk
 * Output: <out>/<id>/<file> (default out: public/models, git-ignored, bundled by the build).
 *
 * Every file is checked for size and hash while streaming, written to a temporary name and renamed
 * into place only when it matches. Files the registry pins are checked against its size and sha256.
 * Files it does not pin are checked against the hub's own file list for the pinned commit
 * (src/ml/hub-listing.mjs: size + sha256 for LFS files, size + git blob SHA-1 for others; a pinned
 * file the list names must agree with it). The list is read from the same place as the files:
 *   default      https://huggingface.co/api/models/<repo>/tree/<revision>?recursive=true
 *   --mirror URL <URL>/api/models/<repo>/tree/<revision>?recursive=true (a template mirror: its origin)
 *   --from DIR   <DIR>/api/models/<repo>/tree/<revision> (the JSON saved as a file)
 * The sha256 of every file of such a model is then written to <out>/<id>/localrank-verified.json,
 * which the extension checks at every load, as it checks pinned files against the registry.
 * --record-hashes also writes the verified sizes and sha256 into the registry file (maintainers:
 * the next release then pins them). A model the source does not have (no file, or no file list
 * when one is needed) is not an error: the extension offers it for download in the options page.
 * Exit codes: 0 done (possibly with models skipped), 1 usage or I/O error, 2 integrity refusal.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile, open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HUB, expectedFiles, fetchListing, gitBlobHeader, VerificationError } from '../src/ml/hub-listing.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HUB = `${DEFAULT_HUB}/{repo}/resolve/{revision}/{path}`;
const HASHES_FILE = 'localrank-verified.json'; // src/ml/recorded-hashes.ts
const ONNX_FILE = { fp32: 'onnx/model.onnx', fp16: 'onnx/model_fp16.onnx', q8: 'onnx/model_quantized.onnx', q4: 'onnx/model_q4.onnx', q4f16: 'onnx/model_q4f16.onnx' };

class Missing extends Error {}
class Refused extends Error {}

function parseArgs(argv) {
  const opts = { out: path.join(root, 'public', 'models'), models: null, dtypes: null, mirror: null, from: null, recordHashes: false, timeout: 30_000, registry: path.join(root, 'models', 'registry.json') };
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
    else if (arg === '--record-hashes') opts.recordHashes = true;
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

function progress(label, done, total) {
  if (!process.stderr.isTTY && total !== null && done !== total) return; // keep CI logs short
  const pct = total ? ` ${((100 * done) / total).toFixed(1)}%` : '';
  process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}  ${label}: ${done} B${total ? ` / ${total} B` : ''}${pct}${process.stderr.isTTY && done !== total ? '' : '\n'}`);
}

/** Where the hub's file list is read: the hub, the mirror's origin or base, or a file under --from. */
function listingSource(opts) {
  if (opts.from) {
    const fromDir = async (url) => {
      const full = path.join(opts.from, decodeURIComponent(new URL(url).pathname));
      if (!existsSync(full)) return new Response('', { status: 404 });
      return new Response(await readFile(full));
    };
    return { base: 'http://from-dir.invalid', fetch: fromDir };
  }
  if (opts.mirror) return { base: opts.mirror.includes('{path}') ? new URL(opts.mirror).origin : opts.mirror, fetch };
  return { base: DEFAULT_HUB, fetch };
}

/** What every wanted file must be (src/ml/hub-listing.mjs); the file list is read only when a file is not pinned. */
async function expectationsFor(opts, model, files) {
  const unpinned = files.filter((f) => !f.sha256 || f.size === null);
  if (!unpinned.length) return expectedFiles(model.id, model.revision, files, null);
  if (model.source !== 'hub' || !model.repo) throw new Refused(`${unpinned[0].path}: no pinned sha256, and the model has no hub file list to check it against`);
  const source = listingSource(opts);
  let listing;
  try {
    listing = await fetchListing({ ...source, repo: model.repo, revision: model.revision, init: { signal: AbortSignal.timeout(opts.timeout) } });
  } catch (error) {
    if (error instanceof VerificationError && [0, 401, 404].includes(error.status)) throw new Missing(`${error.message} (needed for ${unpinned.length} unpinned files)`);
    throw error instanceof VerificationError ? new Refused(error.message) : error;
  }
  try {
    return expectedFiles(model.id, model.revision, files, listing);
  } catch (error) {
    throw error instanceof VerificationError ? new Refused(error.message) : error;
  }
}

/** sha256 (and, when `gitOid` is expected, git blob SHA-1) of a stream, with its size. */
function hashers(expected) {
  const sha256 = createHash('sha256');
  const sha1 = expected.gitOid ? createHash('sha1').update(gitBlobHeader(expected.size)) : null;
  return {
    update(chunk) {
      sha256.update(chunk);
      sha1?.update(chunk);
    },
    check(label, size) {
      const digest = sha256.digest('hex');
      if (size !== expected.size) throw new Refused(`${label}: got ${size} B, expected ${expected.size} B (${expected.by}); refusing`);
      if (expected.sha256 && digest !== expected.sha256) throw new Refused(`${label}: sha256 ${digest} does not match the ${expected.by === 'listing' ? "hub's file list" : "registry's"} ${expected.sha256}; refusing`);
      const oid = sha1?.digest('hex');
      if (sha1 && oid !== expected.gitOid) throw new Refused(`${label}: git blob SHA-1 ${oid} does not match the hub's file list ${expected.gitOid}; refusing`);
      return digest;
    },
  };
}

/** Downloads one file to a temp name, verifies it while streaming, renames into place; returns its sha256. */
async function fetchFile(opts, model, expected) {
  const target = path.join(opts.out, model.id, expected.path);
  if (existsSync(target) && (await stat(target)).size === expected.size) {
    const h = hashers(expected);
    for await (const chunk of createReadStream(target)) h.update(chunk);
    try {
      const sha256 = h.check(expected.path, expected.size);
      console.log(`  ok (already present) ${expected.path}`);
      return sha256;
    } catch {
      /* present but not the verified bytes: fetch it again */
    }
  }
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.partial-${process.pid}`;
  const handle = await open(temp, 'w');
  const h = hashers(expected);
  let size = 0;
  let lastReport = 0;
  try {
    for await (const chunk of openSource(opts, model, expected)) {
      size += chunk.byteLength;
      if (size > expected.size) throw new Refused(`${expected.path}: larger than the expected ${expected.size} B; refusing`);
      h.update(chunk);
      await handle.write(chunk);
      if (size - lastReport > 8 << 20) {
        progress(expected.path, size, expected.size);
        lastReport = size;
      }
    }
    await handle.close();
    const sha256 = h.check(expected.path, size);
    await rename(temp, target);
    progress(expected.path, size, expected.size);
    return sha256;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/** Fetches and verifies one model; returns what each file was checked against and its sha256. */
async function fetchModel(opts, model) {
  const expected = await expectationsFor(opts, model, wantedFiles(model, opts.dtypes));
  const verified = [];
  for (const file of expected) verified.push({ ...file, sha256: await fetchFile(opts, model, file) });
  if (verified.some((f) => f.by === 'listing')) {
    const record = { model: model.id, revision: model.revision, files: Object.fromEntries(verified.map((f) => [f.path, { size: f.size, sha256: f.sha256, by: f.by }])) };
    await writeFile(path.join(opts.out, model.id, HASHES_FILE), `${JSON.stringify(record, null, 2)}\n`);
    console.log(`  ${verified.filter((f) => f.by === 'listing').length} files checked against the hub's file list for ${model.revision}; sha256 recorded in ${path.join(opts.out, model.id, HASHES_FILE)}`);
  }
  return verified;
}

/** --record-hashes: the registry pins what was verified against the hub's file list. */
function pinInRegistry(model, verified) {
  let n = 0;
  for (const v of verified.filter((f) => f.by === 'listing')) {
    const file = model.files.find((f) => f.path === v.path);
    Object.assign(file, { size: v.size, sha256: v.sha256, note: `pinned from the hub's file list for revision ${model.revision} by scripts/fetch-models.mjs --record-hashes` });
    n++;
  }
  return n;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const registry = JSON.parse(await readFile(opts.registry, 'utf8'));
  const ids = !opts.models ? [registry.defaults.embedder, registry.defaults.englishEmbedder] : opts.models[0] === 'all' ? registry.models.filter((m) => m.source === 'hub').map((m) => m.id) : opts.models;
  let refused = false;
  let pinned = 0;
  for (const id of ids) {
    const model = registry.models.find((m) => m.id === id);
    if (!model) throw new Error(`unknown model ${id}`);
    console.log(`${id} @ ${model.revision ?? 'project'} from ${opts.from ?? opts.mirror ?? 'huggingface.co'}`);
    try {
      const verified = await fetchModel(opts, model);
      console.log(`  ${id}: complete and verified`);
      if (opts.recordHashes) pinned += pinInRegistry(model, verified);
    } catch (error) {
      if (error instanceof Missing) console.log(`  ${id}: not available (${error.message}); the extension will offer it in the options page`);
      else if (error instanceof Refused) {
        refused = true;
        console.error(`  ${id}: REFUSED ${error.message}`);
      } else throw error;
    }
  }
  if (pinned) {
    await writeFile(opts.registry, `${JSON.stringify(registry, null, 2)}\n`);
    console.log(`recorded ${pinned} verified sizes and sha256 in ${opts.registry}`);
  }
  if (refused) process.exitCode = 2;
}

main().catch((error) => {
  console.error(`fetch-models: ${error.message}`);
  process.exitCode = 1;
});
