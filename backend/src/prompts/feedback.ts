/**
 * Feedback on answers and the loop back into prompting: well-rated answers (or the user's corrected
 * version) become few-shot examples, complaints on down-rated ones become refinement rules, and admins
 * read the aggregate by intent and template.
 */
import type { Knex } from 'knex';
import { keywords } from '../analysis/context.js';

type Db = Knex | Knex.Transaction;

/** Up to `limit` of the user's own well-rated answers for this intent, newest first (never other users'). */
export async function fewShotExamples(db: Db, userId: string, intent: string, limit = 2): Promise<string[]> {
  const rows = await db('analysisFeedback as f')
    .join('analyses as a', 'a.id', 'f.analysisId')
    .where({ 'f.userId': userId, 'f.intent': intent, 'f.rating': 'up' })
    .orderBy('f.updatedAt', 'desc')
    .limit(limit)
    .select('f.correctedAnswer', 'a.answer');
  return rows.map((r: { correctedAnswer: string | null; answer: string | null }) => r.correctedAnswer ?? r.answer ?? '').filter(Boolean);
}

/** Comments (and corrections) the user left on down-rated answers of this intent. */
export async function pastComplaints(db: Db, userId: string, intent: string, limit = 20): Promise<string[]> {
  const rows = await db('analysisFeedback').where({ userId, intent, rating: 'down' }).whereNotNull('comment').orderBy('updatedAt', 'desc').limit(limit).select('comment');
  return rows.map((r: { comment: string }) => r.comment);
}

export interface FeedbackGroup {
  intent?: string;
  templateId?: string | null;
  templateName?: string | null;
  total: number;
  up: number;
  down: number;
  satisfactionRate: number;
  commonComplaints: Array<{ term: string; count: number }>;
}

interface Row {
  intent: string;
  templateId: string | null;
  templateName: string | null;
  rating: 'up' | 'down';
  comment: string | null;
}

function group(rows: Row[], key: (r: Row) => string): FeedbackGroup[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups.values()].map((rs) => {
    const up = rs.filter((r) => r.rating === 'up').length;
    const terms = new Map<string, number>();
    for (const r of rs) if (r.rating === 'down' && r.comment) for (const w of keywords(r.comment, 30)) terms.set(w, (terms.get(w) ?? 0) + 1);
    return {
      intent: rs[0].intent,
      templateId: rs[0].templateId,
      templateName: rs[0].templateName,
      total: rs.length,
      up,
      down: rs.length - up,
      satisfactionRate: Math.round((up / rs.length) * 1000) / 1000,
      commonComplaints: [...terms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([term, count]) => ({ term, count })),
    };
  });
}

/** The admin view: satisfaction and complaint terms by intent and by template. */
export async function feedbackSummary(db: Db): Promise<{ byIntent: FeedbackGroup[]; byTemplate: FeedbackGroup[] }> {
  const rows: Row[] = await db('analysisFeedback as f')
    .leftJoin('templates as t', 't.id', 'f.templateId')
    .select('f.intent', 'f.templateId', 't.name as templateName', 'f.rating', 'f.comment')
    .orderBy('f.createdAt', 'desc')
    .limit(20_000);
  const byIntent = group(rows, (r) => r.intent).map(({ templateId: _t, templateName: _n, ...g }) => g);
  const byTemplate = group(rows.filter((r) => r.templateId), (r) => r.templateId as string).map(({ intent: _i, ...g }) => g);
  return { byIntent: byIntent.sort((a, b) => b.total - a.total), byTemplate: byTemplate.sort((a, b) => b.total - a.total) };
}
