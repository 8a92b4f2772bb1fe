/**
 * A static server for the book's browser checks: the files of one folder under a sub-path, on a free
 * port of 127.0.0.1, with extra response headers when asked (the cross-origin isolation headers).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** The headers that make a page cross-origin isolated (its workers may then share memory). */
export const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/** A running server: its URL of `dir` (ending in `base`), and how to stop it. */
export interface StaticServer {
  url: string;
  close(): void;
}

/**
 * Serves `dir` at `base` (`/rnnlab/`: `/rnnlab/x.html` is `dir/x.html`, `/rnnlab/` its index.html);
 * anything else is a 404.
 */
export async function serveFolder(
  dir: string,
  o: { base?: string; headers?: Record<string, string> } = {},
): Promise<StaticServer> {
  const base = o.base ?? '/';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const rel = url.pathname.startsWith(base)
      ? decodeURIComponent(url.pathname.slice(base.length))
      : undefined;
    const file = rel === undefined ? undefined : path.join(dir, rel === '' ? 'index.html' : rel);
    if (!file || !file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      ...o.headers,
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}${base}`, close: () => server.close() };
}
