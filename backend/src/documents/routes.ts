import Router from '@koa/router';
import { authenticate } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { tokenFromQuery } from '../auth/token-from-query.js';
import { projectChannel } from '../events/bus.js';
import { AppError } from '../http/errors.js';
import { requestLanguage } from '../http/localize.js';
import { openSse } from '../http/sse.js';
import { uuidParam, validated } from '../http/validate.js';
import { loadOwnedProject } from '../projects/policy.js';
import { sendFile } from './download.js';
import type { DocumentFailure } from './failure.js';
import { createDownloadUrl, verifyDownloadLink } from './links.js';
import { Document } from './model.js';
import { loadLinkedDocument, loadOwnedDocument, loadSignedLinkDocument } from './policy.js';
import { localizeDocument, presentDocument, presentDocumentIn } from './presenter.js';
import { eventsQuery, fileLinkQuery, linkQuery, projectIdParam, tableQuery } from './schema.js';
import { cancelDocument, createDocument, deleteDocument, retryDocument } from './service.js';
import { readTable } from './table.js';
import { receiveUpload } from './upload.js';

/** /api/v1/projects/:id/documents, /api/v1/projects/:id/events, /api/v1/documents/:id[...] */
export function documentRoutes(config: Config): Router {
  const router = new Router();
  const auth = authenticate(config);

  router.post('/projects/:id/documents', auth, validated({ params: projectIdParam }, async (ctx, { params }) => {
    const { deps } = ctx;
    const project = await loadOwnedProject(ctx.state.user.id, params.id);
    const file = await receiveUpload(ctx, deps.config.documents.uploadLimitBytes, deps.storage.tempDir);
    const { document, created } = await createDocument(deps, { userId: ctx.state.user.id, projectId: project.id, file });
    ctx.status = created ? 201 : 200;
    ctx.body = { data: presentDocument(document) };
  }));

  router.get('/projects/:id/documents', auth, validated({ params: projectIdParam }, async (ctx, { params }) => {
    const project = await loadOwnedProject(ctx.state.user.id, params.id);
    const docs = await Document.query().where({ projectId: project.id, userId: ctx.state.user.id }).orderBy('createdAt', 'desc').orderBy('id');
    ctx.body = { data: docs.map(presentDocumentIn(requestLanguage(ctx))) };
  }));

  router.get('/projects/:id/events', tokenFromQuery(), auth, validated({ params: projectIdParam, query: eventsQuery }, async (ctx, { params }) => {
    const project = await loadOwnedProject(ctx.state.user.id, params.id);
    const sse = openSse(ctx);
    const language = requestLanguage(ctx);
    // With ids, a client that reconnects (maybe to another process) first gets the changes it missed.
    const unsubscribe = await ctx.deps.events.subscribe(projectChannel(project.id), (event, id) => {
      if (event.type === 'document') sse.send('document', { document: localizeDocument(event.document, language, event.failure as DocumentFailure | undefined) }, id);
      else if (event.type === 'document.deleted') sse.send('document.deleted', { id: event.id }, id);
    }, { after: sse.lastEventId });
    sse.onClose(unsubscribe);
    sse.send('ready', { projectId: project.id });
  }));

  router.get('/documents/:id', auth, validated({ params: uuidParam }, async (ctx, { params }) => {
    ctx.body = { data: presentDocumentIn(requestLanguage(ctx))(await loadOwnedDocument(ctx.state.user.id, params.id)) };
  }));

  router.delete('/documents/:id', auth, validated({ params: uuidParam }, async (ctx, { params }) => {
    await deleteDocument(ctx.deps, ctx.state.user.id, params.id);
    ctx.status = 204;
  }));

  router.post('/documents/:id/retry', auth, validated({ params: uuidParam }, async (ctx, { params }) => {
    ctx.status = 202;
    ctx.body = { data: presentDocument(await retryDocument(ctx.deps, ctx.state.user.id, params.id)) };
  }));

  router.post('/documents/:id/cancel', auth, validated({ params: uuidParam }, async (ctx, { params }) => {
    ctx.body = { data: presentDocumentIn(requestLanguage(ctx))(await cancelDocument(ctx.deps, ctx.state.user.id, params.id)) };
  }));

  router.get('/documents/:id/table', auth, validated({ params: uuidParam, query: tableQuery }, async (ctx, { params, query }) => {
    const doc = await loadOwnedDocument(ctx.state.user.id, params.id);
    ctx.body = { data: await readTable(ctx.deps, doc, query.sheet) };
  }));

  router.get('/documents/:id/download', auth, validated({ params: uuidParam }, async (ctx, { params }) => {
    await sendFile(ctx, await loadOwnedDocument(ctx.state.user.id, params.id), 'attachment');
  }));

  // A fresh signed link for the owner: citations' buttons, and the web app's stable /d/<id>?page=N page.
  router.get('/documents/:id/link', auth, validated({ params: uuidParam, query: linkQuery }, async (ctx, { params, query }) => {
    const doc = await loadLinkedDocument(ctx.deps.knex, ctx.state.user.id, params.id);
    const ttlSeconds = ctx.deps.config.documents.signedUrlTtlSeconds;
    const url = createDownloadUrl(ctx.deps, { documentId: doc.id, userId: doc.userId, page: query.page, ttlSeconds });
    ctx.body = { data: { url, expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString() } };
  }));

  // Signed link (no bearer): a bad signature, an expired link or a disabled owner is 403; a valid link to a
  // document that is gone or no longer the signer's is 404.
  router.get('/documents/:id/file', validated({ params: uuidParam, query: fileLinkQuery }, async (ctx, { params, query }) => {
    const check = verifyDownloadLink(ctx.deps, params.id, query);
    if (!check.ok) throw new AppError(403, check.reason === 'expired' ? 'link_expired' : 'link_invalid', check.reason === 'expired' ? 'This download link has expired. Open the citation again for a fresh link.' : 'This download link is not valid.');
    await sendFile(ctx, await loadSignedLinkDocument(ctx.deps.knex, check.claims), 'inline');
  }));

  return router;
}
