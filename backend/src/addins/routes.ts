import Router from '@koa/router';
import { AppError } from '../http/errors.js';
import { EXCEL_MANIFEST_ROUTE, excelManifest, excelUnavailableReason } from './service.js';

/** GET /api/v1/addins/excel/manifest.xml: public, as the manifest names nothing but this server's address. */
export function addinRoutes(): Router {
  const router = new Router();
  router.get(EXCEL_MANIFEST_ROUTE, async (ctx) => {
    const { config } = ctx.deps;
    const reason = excelUnavailableReason(config);
    if (reason) throw new AppError(409, 'addin_needs_https', reason, { publicUrl: config.publicUrl });
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.set('Content-Disposition', 'attachment; filename="intellio-excel-manifest.xml"');
    ctx.type = 'application/xml';
    ctx.body = excelManifest(config);
  });
  return router;
}
