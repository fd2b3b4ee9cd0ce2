/**
 * The checked-answer fixture the web app's suites share: a model (an OpenAI-compatible fake on 127.0.0.1)
 * that answers the sales question citing the cells and the report's page 7 and makes one figure up, and the
 * project documents it is asked about (sales.csv, and a 9-page annual-report.pdf whose page 7 explains May).
 */
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../../backend/test/fake-openai.js';
import { fillerLines, makePdf } from '../../backend/test/documents.js';
import { uploadReady, webappSuite, type WebappSuite } from './webapp.js';

/** The statement the model makes up: cited, but in no source, so the check flags it. */
export const FABRICATED = 'The Contoso deal was worth 2 million euros';

/** What the suites ask about the selected sales cells; the model's answer is for this question. */
export const SALES_QUESTION = 'Explain the May revenue spike and the Contoso licence deal';

/** The id the backend gave the passage of `file` at `page` in the model's prompt ([P1]..). */
export function passageId(req: ChatRequest, file: string, page: number): string | null {
  const prompt = req.messages.map((m) => m.content).join('\n');
  return new RegExp(`\\[(P\\d+)\\] ${file.replace('.', '\\.')}, page ${page}:`).exec(prompt)?.[1] ?? null;
}

/**
 * A web app suite (webappSuite) whose model cites [B6], [B5] and the report's page 7, and adds FABRICATED
 * citing that page too; a prompt without the report's page 7 gets "OK.". The fake closes after the suite.
 */
export function fabricatingModelSuite(): WebappSuite {
  let fake: FakeOpenAI | undefined;
  const suite = webappSuite(async () => {
    fake = await startFakeOpenAI();
    fake.reply = (req) => {
      const p = passageId(req, 'annual-report.pdf', 7);
      if (!p) return { text: 'OK.' };
      return { text: `May revenue reached 9100 [B6], up from 1480 in April [B5]. The spike came from the one-off Contoso licence deal [${p}]. ${FABRICATED} [${p}].`, chunkDelayMs: 1 };
    };
    return { OPENAI_BASE_URL: fake.baseUrl, EMBEDDING_PROVIDER: 'local', CHAT_MODEL: 'gpt-4o-mini' };
  });
  after(() => fake?.close());
  return suite;
}

/**
 * Uploads annual-report.pdf (9 pages; page 7 says the May spike came from the Contoso licence deal) and
 * sales.csv (Jan–Jun; May's revenue is 9100, in B6) into a project, both ready; returns the PDF and its id.
 */
export async function uploadSalesReport(baseUrl: string, owner: { token: string; projectId: string }): Promise<{ pdfId: string; pdf: Buffer }> {
  const pdf = await makePdf(
    Array.from({ length: 9 }, (_, i) =>
      i === 6 ? ['Revenue notes', 'The May revenue spike to 9100 came from the one-off Contoso licence deal signed in May.', ...fillerLines(7, 4)] : [`Annual report page ${i + 1}`, ...fillerLines(i + 1)],
    ),
  );
  const { id: pdfId } = await uploadReady(baseUrl, owner.token, owner.projectId, 'annual-report.pdf', pdf, 'application/pdf');
  const csv = 'Month,Revenue,Cost\nJan,1200,800\nFeb,1350,820\nMar,1500,790\nApr,1480,810\nMay,9100,805\nJun,1700,830\n';
  await uploadReady(baseUrl, owner.token, owner.projectId, 'sales.csv', Buffer.from(csv), 'text/csv');
  return { pdfId, pdf };
}
