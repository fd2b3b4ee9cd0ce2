/**
 * How a template does, overall and per version: answered runs, distinct users, tokens charged, average
 * tokens per run, the thumbs up/down rate from analysis feedback and the comments people leave most with a
 * thumbs down. The owner sees their templates'; administrators see every template's.
 */
import type { Knex } from 'knex';
import type { TemplateAnalytics, TemplateFigures } from '../contract/templates.js';
import { forbidden, notFound } from '../http/errors.js';
import type { User } from '../users/model.js';
import { Template, TemplateVersion } from './model.js';
import { loadVisibleTemplate } from './policy.js';

type Actor = Pick<User, 'id' | 'email' | 'role'>;

/** How a template (or one version) does: the contract's shape (contract/templates.ts). */
export type Figures = TemplateFigures;

const COMPLAINTS = 5;

async function loadForAnalytics(user: Actor, id: string): Promise<Template> {
  if (user.role === 'admin') {
    const t = await Template.query().findById(id);
    if (!t) throw notFound('Template');
    return t;
  }
  const t = await loadVisibleTemplate(user, id);
  if (t.ownerId !== user.id) throw forbidden('Only the owner sees how this template does.');
  return t;
}

type Row = { key: string | null; runs: string | number; users: string | number; tokens: string | number | null };
type Rating = { key: string | null; up: string | number; down: string | number };
type Complaint = { key: string | null; comment: string; count: string | number };

/** Runs and ratings grouped by `group`, a column of analyses cast to text (the template's id: all runs). */
async function figuresBy(knex: Knex, templateId: string, group: string): Promise<Map<string | null, Figures>> {
  const key = knex.raw(`${group} AS key`);
  const runs = (await knex('analyses')
    .where({ templateId, status: 'succeeded' })
    .groupByRaw(group)
    .select(key, knex.raw('COUNT(*) AS runs'), knex.raw('COUNT(DISTINCT user_id) AS users'), knex.raw('COALESCE(SUM(tokens_charged), 0) AS tokens'))) as Row[];
  const ratings = (await knex('analysisFeedback as f')
    .join('analyses', 'analyses.id', 'f.analysisId')
    .where('analyses.templateId', templateId)
    .groupByRaw(group)
    .select(key, knex.raw("COUNT(*) FILTER (WHERE f.rating = 'up') AS up"), knex.raw("COUNT(*) FILTER (WHERE f.rating = 'down') AS down"))) as Rating[];
  const complaints = (await knex('analysisFeedback as f')
    .join('analyses', 'analyses.id', 'f.analysisId')
    .where('analyses.templateId', templateId)
    .where('f.rating', 'down')
    .whereRaw("btrim(coalesce(f.comment, '')) <> ''")
    .groupByRaw(`${group}, lower(btrim(f.comment))`)
    .select(key, knex.raw('lower(btrim(f.comment)) AS comment'), knex.raw('COUNT(*) AS count'))
    .orderByRaw('COUNT(*) DESC, lower(btrim(f.comment))')) as Complaint[];

  const out = new Map<string | null, Figures>();
  const at = (k: string | null): Figures => {
    let f = out.get(k);
    if (!f) out.set(k, (f = { runs: 0, users: 0, tokens: 0, averageCost: null, up: 0, down: 0, satisfaction: null, complaints: [] }));
    return f;
  };
  for (const r of runs) {
    const f = at(r.key);
    f.runs = Number(r.runs);
    f.users = Number(r.users);
    f.tokens = Number(r.tokens ?? 0);
    f.averageCost = f.runs ? Math.round(f.tokens / f.runs) : null;
  }
  for (const r of ratings) {
    const f = at(r.key);
    f.up = Number(r.up);
    f.down = Number(r.down);
    f.satisfaction = f.up + f.down ? f.up / (f.up + f.down) : null;
  }
  for (const c of complaints) {
    const f = at(c.key);
    if (f.complaints.length < COMPLAINTS) f.complaints.push({ comment: c.comment, count: Number(c.count) });
  }
  return out;
}

export async function templateAnalytics(knex: Knex, user: Actor, id: string): Promise<TemplateAnalytics> {
  const t = await loadForAnalytics(user, id);
  const [overall, perVersion, versions] = await Promise.all([
    figuresBy(knex, t.id, 'analyses.template_id::text'),
    figuresBy(knex, t.id, 'analyses.template_version_id::text'),
    TemplateVersion.query().where({ templateId: t.id }).orderBy('number', 'desc'),
  ]);
  const empty = (): Figures => ({ runs: 0, users: 0, tokens: 0, averageCost: null, up: 0, down: 0, satisfaction: null, complaints: [] });
  return {
    templateId: t.id,
    ...(overall.get(t.id) ?? empty()),
    versions: versions.map((v) => ({ versionId: v.id, number: v.number, ...(perVersion.get(v.id) ?? empty()) })),
  };
}
