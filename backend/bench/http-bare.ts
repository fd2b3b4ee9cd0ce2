/**
 * The yardstick of `npm run bench -- http`: `GET /api/v1/documents/:id` written with nothing but `node:http`,
 * `jsonwebtoken` and `pg`, doing the work the Koa route does: the same JWT verification (same library, same
 * issuer/audience/algorithm), the same user row read, the same session check (same query, same in-process
 * cache window as auth/session-check.ts), the same document query, and the same fields in the answer.
 * Run as its own process: PORT, DATABASE_URL, JWT_SECRET, DATABASE_POOL_MAX.
 */
import { createSecretKey } from 'node:crypto';
import http from 'node:http';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { JWT_AUDIENCE, JWT_ISSUER } from '../src/auth/session.js';
import { SESSION_CHECK_CACHE_MS } from '../src/auth/session-check.js';

// A KeyObject, as authenticate() uses: jsonwebtoken would otherwise try each string as a PEM key first.
const secret = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? ''));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const liveUntil = new Map<string, number>();
const DOCUMENT = /^\/api\/v1\/documents\/([0-9a-f-]{36})$/;

interface Claims {
  sub: string;
  sid?: string;
  sv?: number;
}

async function sessionLive(familyId: string): Promise<boolean> {
  const now = Date.now();
  if ((liveUntil.get(familyId) ?? 0) > now) return true;
  const { rows } = await pool.query('select "id" from "refresh_tokens" where "family_id" = $1 and "revoked_at" is null limit 1', [familyId]);
  if (!rows.length) {
    liveUntil.delete(familyId);
    return false;
  }
  liveUntil.set(familyId, now + SESSION_CHECK_CACHE_MS);
  return true;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.url === '/healthz') return send(res, 200, { ok: true });
  const match = DOCUMENT.exec(req.url ?? '');
  if (req.method !== 'GET' || !match) return send(res, 404, { error: { code: 'not_found' } });
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  let claims: Claims;
  try {
    claims = jwt.verify(token ?? '', secret, { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE }) as Claims;
  } catch {
    return send(res, 401, { error: { code: 'unauthorized' } });
  }
  const { rows: users } = await pool.query('select "users".* from "users" where "users"."id" = $1', [claims.sub]);
  const user = users[0] as { id: string; session_version: number; disabled: boolean } | undefined;
  if (!user || !claims.sid || user.session_version !== claims.sv || !(await sessionLive(claims.sid))) return send(res, 401, { error: { code: 'session_revoked' } });
  if (user.disabled) return send(res, 403, { error: { code: 'account_disabled' } });
  const { rows } = await pool.query('select "documents".* from "documents" where "id" = $1 and "user_id" = $2 limit 1', [match[1], user.id]);
  const d = rows[0];
  if (!d) return send(res, 404, { error: { code: 'not_found' } });
  send(res, 200, {
    data: {
      id: d.id, projectId: d.project_id, filename: d.filename, mime: d.mime, kind: d.kind, bytes: Number(d.bytes), pages: d.pages,
      locationKind: d.location_kind, status: d.status, progress: d.progress, error: d.error, chunkCount: d.chunk_count,
      rowCount: d.row_count ?? null, ocrPages: d.ocr_pages ?? 0, ocrPageNumbers: d.ocr_page_numbers ?? [],
      createdAt: new Date(d.created_at).toISOString(), updatedAt: new Date(d.updated_at).toISOString(),
      processedAt: d.processed_at ? new Date(d.processed_at).toISOString() : null,
    },
  });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch(() => send(res, 500, { error: { code: 'internal' } }));
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
