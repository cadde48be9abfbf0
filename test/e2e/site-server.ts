import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SeenRequest {
  method: string;
  url: string;
  host: string;
  origin?: string | undefined;
  referer?: string | undefined;
}

export type Route = (url: URL) => { status?: number; type?: string; body: string | Buffer } | undefined;

/** A throw-away self-signed certificate (browsers are told to accept it in tests). */
function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'lr-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localrank-test',
    '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
  const out = { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) };
  rmSync(dir, { recursive: true, force: true });
  return out;
}

/**
 * A local stand-in for the web: browsers use it as their proxy. Plain HTTP arrives in absolute form;
 * HTTPS arrives as CONNECT and is terminated here with a self-signed certificate (the real sites
 * are HSTS-preloaded, so browsers insist on HTTPS). Answers come from `routes` by host and every
 * request is recorded, so nothing leaves this machine during tests and every request can be checked.
 */
export class SiteServer {
  readonly requests: SeenRequest[] = [];
  private readonly routes = new Map<string, Route>();
  private server = createServer((req, res) => this.handle(req, res, 'http'));
  private tls = createTlsServer(selfSigned(), (req, res) => this.handle(req, res, 'https'));
  port = 0;

  async start(): Promise<this> {
    this.server.on('connect', (req, socket) => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      this.tls.emit('connection', socket);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Serve `host` (e.g. www.youtube.com) with `route`. */
  route(host: string, route: Route): this {
    this.routes.set(host, route);
    return this;
  }

  /** Requests that name an extension page as their origin or referrer. */
  fromExtensions(): SeenRequest[] {
    return this.requests.filter((r) => /^(chrome|moz)-extension:/.test(r.origin ?? '') || /^(chrome|moz)-extension:/.test(r.referer ?? ''));
  }

  /**
   * Requests for hosts other than the test's fake sites, leaving out the browser's own background
   * services (Chromium's clock and component-update pings come with or without the extension).
   */
  strays(allowed: string[]): SeenRequest[] {
    const browserOwn = /(^|\.)(google\.com|googleapis\.com|gvt1\.com|mozilla\.(com|org|net)|firefox\.com)$/;
    return this.requests.filter((r) => !allowed.includes(r.host) && !browserOwn.test(r.host));
  }

  private handle(req: IncomingMessage, res: ServerResponse, scheme: 'http' | 'https'): void {
    const raw = req.url ?? '/';
    const url = new URL(raw.startsWith('http') ? raw : `${scheme}://${req.headers.host ?? '127.0.0.1'}${raw}`);
    this.requests.push({ method: req.method ?? 'GET', url: url.href, host: url.hostname, origin: req.headers.origin, referer: req.headers.referer });
    const out = this.routes.get(url.hostname)?.(url);
    res.writeHead(out?.status ?? (out ? 200 : 404), { 'content-type': out?.type ?? 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(out?.body ?? '<!doctype html><title>Not found</title>');
  }

  close(): Promise<void> {
    // Keep-alive connections of a browser already closed would otherwise hold the server open.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    this.tls.closeAllConnections();
    return closed;
  }
}

/** A minimal HTML page with a title, for pages whose content does not matter. */
export function page(title: string, body = '', head = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;
}
