import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

export interface ModelMirror {
  server: Server;
  url: string;
  /** Paths requested, in order. */
  hits: string[];
  close(): Promise<void>;
}

/**
 * A model mirror on 127.0.0.1 serving test/models laid out `<id>/<path>`, slowly (64 KB every
 * 15 ms, so a progress bar visibly moves), with CORS. `tamper.on` flips one bit of every .onnx.
 */
export function startMirror(tamper: { on: boolean } = { on: false }): Promise<ModelMirror> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    let body: Buffer;
    try {
      body = readFileSync(resolve('test/models', decodeURIComponent((req.url ?? '/').slice(1))));
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
