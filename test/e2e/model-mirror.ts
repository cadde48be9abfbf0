import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';

export interface ModelMirror {
  server: Server;
  url: string;
  /** Paths requested, in order. */
  hits: string[];
  close(): Promise<void>;
}

/** Options beyond tampering: models served under another id, and hub-style file lists. */
export interface MirrorExtras {
  /** Registry id → folder under test/models holding its files (a test "hub" model's files). */
  alias?: Record<string, string>;
  /** The file list for `GET /api/models/<repo>/tree/<revision>?recursive=true`, or undefined (404). */
  listing?: (repo: string, revision: string) => unknown;
}

const sha = (algo: 'sha1' | 'sha256', ...parts: (string | Buffer)[]) => parts.reduce((h, p) => h.update(p), createHash(algo)).digest('hex');
const gitOid = (bytes: Buffer | string) => sha('sha1', `blob ${Buffer.byteLength(bytes)}\0`, bytes);

/**
 * A hub-style recursive file list (huggingface_hub `list_repo_tree`) of a folder: LFS entries for
 * the files `lfs` picks (git oid of the pointer, `lfs.oid` = content sha256), plain entries (git
 * blob oid) for the rest, and the folders.
 */
export function hubListing(dir: string, lfs: (path: string) => boolean = (p) => p.endsWith('.onnx')): unknown[] {
  const out: unknown[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const path = relative(dir, full).split('\\').join('/');
      if (statSync(full).isDirectory()) {
        out.push({ type: 'directory', oid: sha('sha1', path), size: 0, path });
        walk(full);
        continue;
      }
      const bytes = readFileSync(full);
      if (!lfs(path)) {
        out.push({ type: 'file', oid: gitOid(bytes), size: bytes.length, path });
        continue;
      }
      const oid = sha('sha256', bytes);
      const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${bytes.length}\n`;
      out.push({ type: 'file', oid: gitOid(pointer), size: bytes.length, path, lfs: { oid, size: bytes.length, pointerSize: pointer.length } });
    }
  };
  walk(dir);
  return out;
}

/**
 * A model mirror on 127.0.0.1 serving test/models laid out `<id>/<path>`, slowly (64 KB every
 * 15 ms, so a progress bar visibly moves), with CORS. `tamper.on` flips one bit of every .onnx.
 * With `extras`, it also serves aliased ids and hub-style file lists at the hub's API path.
 */
export function startMirror(tamper: { on: boolean } = { on: false }, extras: MirrorExtras = {}): Promise<ModelMirror> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://mirror');
    const tree = /^\/api\/models\/(.+)\/tree\/([^/]+)$/.exec(decodeURIComponent(url.pathname));
    if (tree) {
      const listing = url.searchParams.get('recursive') === 'true' ? extras.listing?.(tree[1]!, tree[2]!) : undefined;
      if (listing === undefined) return void res.writeHead(404, { 'access-control-allow-origin': '*' }).end();
      return void res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'application/json' }).end(JSON.stringify(listing));
    }
    let file = decodeURIComponent(url.pathname).slice(1);
    for (const [id, folder] of Object.entries(extras.alias ?? {})) if (file.startsWith(`${id}/`)) file = folder + file.slice(id.length);
    let body: Buffer;
    try {
      body = readFileSync(resolve('test/models', file));
    } catch {
      res.writeHead(404, { 'access-control-allow-origin': '*' }).end();
      return;
    }
    if (tamper.on && req.url?.endsWith('.onnx')) body = Buffer.concat([body.subarray(0, body.length - 1), Buffer.from([body.at(-1)! ^ 1])]);
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-length': body.length, 'content-type': 'application/octet-stream' });
    let at = 0;
    const chunk = () => {
      if (at >= body.length) return res.end();
      res.write(body.subarray(at, (at += 64 * 1024)));
      setTimeout(chunk, 15);
    };
    chunk();
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close: () => new Promise<void>((done) => server.close(() => done())) }),
    ),
  );
}
