/**
 * A small Google Cloud Storage JSON API server for tests, on 127.0.0.1: the calls `@google-cloud/storage`
 * makes for a simple (multipart) upload, object metadata, media downloads with ranges, deletion and paged
 * listing. It
 * returns the CRC32C and MD5 the client validates uploads and downloads against. Tests script failures
 * (`fake.fail(...)`) and read what it received (`fake.requests`). Use `GCS_API_ENDPOINT: fake.endpoint`.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CRC32C } from '@google-cloud/storage';

export interface StoredObject {
  data: Buffer;
  contentType: string;
  generation: string;
  updated: string;
}

export type GcsOperation = 'upload' | 'metadata' | 'download' | 'delete' | 'list';

export interface FakeGcs {
  endpoint: string;
  /** bucket → object name → object */
  buckets: Map<string, Map<string, StoredObject>>;
  requests: Array<{ operation: GcsOperation; bucket: string; name: string; range?: string }>;
  /** The next `times` requests of `operation` answer `status` (503 by default) without doing anything. */
  fail(operation: GcsOperation, times?: number, status?: number): void;
  /** Stores an object directly, as another writer would have (its text is its name unless given). */
  put(bucket: string, name: string, options?: { data?: Buffer; contentType?: string; updated?: Date }): void;
  objects(bucket: string): Map<string, StoredObject>;
  close(): Promise<void>;
}

function crc32c(data: Buffer): string {
  const crc = new CRC32C();
  crc.update(data);
  return crc.toString();
}

const hashes = (data: Buffer) => ({ crc32c: crc32c(data), md5Hash: createHash('md5').update(data).digest('base64') });

/** The two parts the client sends: JSON metadata, then the media (`--boundary` lines between them). */
function multipart(body: Buffer, contentType: string): { metadata: Record<string, unknown>; media: Buffer; mediaType: string } {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error(`no multipart boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Array<{ type: string; data: Buffer }> = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    const part = body.subarray(start + 2, next < 0 ? body.length : next - 2); // after CRLF, before CRLF
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString();
    parts.push({ type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream', data: part.subarray(split + 4) });
    at = next;
  }
  if (parts.length !== 2) throw new Error(`expected 2 multipart parts, got ${parts.length}`);
  return { metadata: JSON.parse(parts[0].data.toString()) as Record<string, unknown>, media: parts[1].data, mediaType: parts[1].type };
}

export async function startFakeGcs(): Promise<FakeGcs> {
  const failures: Array<{ operation: GcsOperation; status: number }> = [];
  const sockets = new Set<Socket>();
  let generation = 1_700_000_000_000_000;

  const fake: FakeGcs = {
    endpoint: '',
    buckets: new Map(),
    requests: [],
    fail(operation, times = 1, status = 503) {
      for (let i = 0; i < times; i++) failures.push({ operation, status });
    },
    put(bucket, name, options = {}) {
      fake.objects(bucket).set(name, {
        data: options.data ?? Buffer.from(name), contentType: options.contentType ?? 'application/octet-stream',
        generation: String(generation++), updated: (options.updated ?? new Date()).toISOString(),
      });
    },
    objects(bucket) {
      let objects = fake.buckets.get(bucket);
      if (!objects) fake.buckets.set(bucket, (objects = new Map()));
      return objects;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const describe = (bucket: string, name: string, o: StoredObject) => ({
    kind: 'storage#object', id: `${bucket}/${name}/${o.generation}`, name, bucket, generation: o.generation, metageneration: '1',
    contentType: o.contentType, size: String(o.data.length), updated: o.updated, timeCreated: o.updated, storageClass: 'STANDARD', ...hashes(o.data),
  });
  const error = (res: http.ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: status, message, errors: [{ message, reason: status === 404 ? 'notFound' : 'backendError' }] } }));
  };

  /** Answers with the next failure injected for `operation`, if there is one (and uses it up). */
  const failedAs = (res: http.ServerResponse, operation: GcsOperation): boolean => {
    const at = failures.findIndex((f) => f.operation === operation);
    if (at < 0) return false;
    error(res, failures.splice(at, 1)[0].status, 'Backend Error');
    return true;
  };

  /** Objects in name order, `maxResults` a page; the page token is the last name of the previous page. */
  const list = (res: http.ServerResponse, bucket: string, params: URLSearchParams) => {
    const prefix = params.get('prefix') ?? '';
    fake.requests.push({ operation: 'list', bucket, name: prefix });
    if (failedAs(res, 'list')) return;
    const after = params.get('pageToken') ?? '';
    const names = [...fake.objects(bucket).keys()].filter((n) => n.startsWith(prefix) && n > after).sort();
    const page = names.slice(0, Number(params.get('maxResults') ?? 1000));
    const more = names.length > page.length;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      kind: 'storage#objects',
      items: page.map((n) => describe(bucket, n, fake.objects(bucket).get(n) as StoredObject)),
      ...(more ? { nextPageToken: page.at(-1) } : {}),
    }));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
      const object = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
      const listing = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
      if (listing && req.method === 'GET') return list(res, decodeURIComponent(listing[1]), url.searchParams);
      const operation: GcsOperation | null = upload && req.method === 'POST' ? 'upload'
        : object && req.method === 'DELETE' ? 'delete'
          : object && req.method === 'GET' ? (url.searchParams.get('alt') === 'media' ? 'download' : 'metadata')
            : null;
      if (!operation) return error(res, 400, `the fake does not serve ${req.method} ${url.pathname}`);
      const bucket = decodeURIComponent((upload ?? object)![1]);
      const name = upload ? (url.searchParams.get('name') ?? '') : decodeURIComponent(object![2]);
      fake.requests.push({ operation, bucket, name, ...(req.headers.range ? { range: req.headers.range } : {}) });
      if (failedAs(res, operation)) return;

      const objects = fake.objects(bucket);
      if (operation === 'upload') {
        if (url.searchParams.get('uploadType') !== 'multipart') return error(res, 400, 'the fake takes multipart uploads only');
        const { metadata, media, mediaType } = multipart(Buffer.concat(chunks), req.headers['content-type'] ?? '');
        const stored = { data: media, contentType: String(metadata.contentType ?? mediaType), generation: String(generation++), updated: new Date().toISOString() };
        objects.set(name, stored);
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(describe(bucket, name, stored)));
      }
      const found = objects.get(name);
      if (!found) return error(res, 404, `No such object: ${bucket}/${name}`);
      if (operation === 'delete') {
        objects.delete(name);
        res.writeHead(204);
        return res.end();
      }
      if (operation === 'metadata') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(describe(bucket, name, found)));
      }
      const { crc32c, md5Hash } = hashes(found.data);
      const headers: http.OutgoingHttpHeaders = {
        'content-type': found.contentType, 'x-goog-hash': `crc32c=${crc32c},md5=${md5Hash}`,
        'x-goog-stored-content-encoding': 'identity', 'x-goog-generation': found.generation,
      };
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = Math.min(range[2] ? Number(range[2]) : found.data.length - 1, found.data.length - 1);
        res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${found.data.length}` });
        return res.end(found.data.subarray(start, end + 1));
      }
      res.writeHead(200, headers);
      res.end(found.data);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
