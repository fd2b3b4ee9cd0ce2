/**
 * The sidebar's behaviour: the same flow as the Excel pane (sign in with its MFA step, project, selection,
 * prompt with examples/templates/refine, cited answer, insert), with every server call checked against the
 * server's exported signatures, and every word from the shared catalogue in the user's language.
 */
import type * as Server from '../server/index';
import { answerWords, claimSummaryText, readSummaryText, sourceLabelText } from '@intellio/addin-excel/checks';
import { cellRefFromHref, decodeHref, fillVariables, flagText, linkAnswer, localAnalystTokens, missingVariables, sourceUrl, variablesFor, type AnalysisQuote, type CitedSelection, type PublicConfig } from '@intellio/api-client';
import { createI18n, detectLanguage, intlLocale, toLanguage } from '@intellio/i18n';
import { answerHtml } from './answer-html';

type ServerFns = typeof Server;
interface Runner {
  withSuccessHandler(fn: (value: unknown) => void): Runner;
  withFailureHandler(fn: (error: Error) => void): Runner;
  [name: string]: unknown;
}
declare const google: { script: { run: Runner } };

/** google.script.run as a typed promise. */
function call<K extends keyof ServerFns>(name: K, ...args: Parameters<ServerFns[K]>): Promise<ReturnType<ServerFns[K]>> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run.withSuccessHandler((v) => resolve(v as ReturnType<ServerFns[K]>)).withFailureHandler(reject);
    (runner[name] as (...a: unknown[]) => void)(...args);
  });
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const show = (id: string, on: boolean) => ($(id).hidden = !on);

// ---- language ---------------------------------------------------------------------------------------

const i18n = createI18n('en');
const t = i18n.t.bind(i18n);
/** Google's locales for this user and spreadsheet, read once: the language when the user has no setting. */
let sheetsLocales: string[] = [];

const number = (n: number) => n.toLocaleString(intlLocale(toLanguage(i18n.language) ?? 'en'));

/** Puts the catalogue's words into the page's data-i18n* elements (the HTML's English is only a fallback). */
function translatePage(): void {
  document.documentElement.lang = i18n.language;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as string);
  for (const attr of ['placeholder', 'aria-label', 'title']) {
    for (const el of document.querySelectorAll<HTMLElement>(`[data-i18n-${attr}]`)) el.setAttribute(attr, t(el.getAttribute(`data-i18n-${attr}`) as string));
  }
}

/** The user's setting first, then Google's locales, then the browser's, else English. */
async function useLanguage(setting: string | null | undefined): Promise<void> {
  await i18n.changeLanguage(detectLanguage({ setting, preferred: [...sheetsLocales, ...navigator.languages] }));
  translatePage();
  const target = $<HTMLInputElement>('insert-target');
  if (document.querySelector<HTMLInputElement>('input[name=where]:checked')?.value === 'sheet') target.value = t('pane.insert.defaultSheet');
}

function showError(err: unknown): void {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : t('pane.errors.generic');
  $('error').textContent = message;
  show('error', true);
}
function clearError(): void {
  show('error', false);
}

/** =INTELLIO() formulas answer from the project picked in the sidebar. */
async function useFormulaProject(): Promise<void> {
  const projectId = $<HTMLSelectElement>('project').value;
  if (projectId) await call('setFormulaProject', projectId).catch(showError);
}

/** Runs a button's action with the button disabled and errors shown in the banner. */
async function busy(button: HTMLButtonElement, action: () => Promise<void>): Promise<void> {
  button.disabled = true;
  clearError();
  try {
    await action();
  } catch (err) {
    showError(err);
  } finally {
    button.disabled = false;
  }
}

type Analysis = ReturnType<ServerFns['analyse']>;
let lastAnswer: Analysis | null = null;
/** The cells the shown answer was asked about: unqualified cell citations ([B2]) are on their sheet. */
let answerSelection: CitedSelection | null = null;
/** The selection as last read, for an analysis that does not echo its own. */
let currentSelection: CitedSelection | null = null;

// Apps Script cannot hold a stream open, so the sidebar re-reads the balance after each analysis and every 30 s.
const BALANCE_REFRESH_MS = 30_000;
let balanceTimer: ReturnType<typeof setInterval> | undefined;

async function refreshBalance(): Promise<void> {
  const b = (await call('callApi', '/billing/balance')) as { available: number };
  $('balance').textContent = t('pane.balance', { amount: number(b.available) });
  show('balance', true);
}

async function enterWorkspace(): Promise<void> {
  void refreshBalance().catch(() => undefined);
  clearInterval(balanceTimer);
  balanceTimer = setInterval(() => void refreshBalance().catch(() => undefined), BALANCE_REFRESH_MS);
  show('sign-in', false);
  show('mfa', false);
  show('workspace', true);
  show('sign-out', true);
  const categories = (await call('callApi', '/categories')) as { name: string; projects: { id: string; name: string }[] }[];
  const select = $<HTMLSelectElement>('project');
  select.replaceChildren(
    ...categories.map((c) => {
      const group = document.createElement('optgroup');
      group.label = c.name;
      group.append(...c.projects.map((p) => new Option(p.name, p.id)));
      return group;
    }),
  );
  if (!select.value) showError(t('pane.workspace.noProjects'));
  void useFormulaProject();
  void loadHelpers();
  void call('callApi', '/config')
    .then((c) => {
      localPrice = (c as PublicConfig).localAnalystPrice;
      showLocalPrice();
    })
    .catch(() => undefined);
  await refreshSelection();
}

async function loadHelpers(): Promise<void> {
  const [examples, templates] = await Promise.all([
    call('callApi', '/prompts/examples').catch(() => []) as Promise<unknown>,
    call('callApi', '/templates').catch(() => []) as Promise<unknown>,
  ]);
  const chips = (Array.isArray(examples) ? examples : []).slice(0, 4).map((e: string | { title?: string; prompt: string }) => {
    const prompt = typeof e === 'string' ? e : e.prompt;
    const chip = document.createElement('button');
    chip.type = 'button';
    chip.className = 'chip';
    chip.textContent = typeof e === 'string' ? e : (e.title ?? e.prompt);
    chip.onclick = () => {
      $<HTMLTextAreaElement>('prompt').value = prompt;
      scheduleQuote();
    };
    return chip;
  });
  $('examples').replaceChildren(...chips);
  const list = (Array.isArray(templates) ? templates : []) as { id: string; name: string; prompt: string; variables?: string[] }[];
  show('template-field', list.length > 0);
  const select = $<HTMLSelectElement>('template');
  select.replaceChildren(new Option(t('pane.prompt.noTemplate'), ''), ...list.map((x) => new Option(x.name, x.id)));
  select.onchange = () => {
    const template = list.find((x) => x.id === select.value);
    if (template) $<HTMLTextAreaElement>('prompt').value = template.prompt;
    showVariables(template?.variables ?? []);
    scheduleQuote();
  };
}

// ---- template variables -------------------------------------------------------------------------------

/** The chosen template's own placeholders: one field each, sent as `variables` with the run. */
let variableNames: string[] = [];

function showVariables(names: string[]): void {
  variableNames = names;
  $('variable-fields').replaceChildren(
    ...names.flatMap((name) => {
      const label = document.createElement('label');
      label.htmlFor = `variable-${name}`;
      label.textContent = name;
      const input = document.createElement('input');
      input.type = 'text';
      input.id = `variable-${name}`;
      input.dataset.variable = name;
      input.required = true;
      input.addEventListener('input', scheduleQuote);
      return [label, input];
    }),
  );
  show('variables', names.length > 0);
}

function variableValues(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of document.querySelectorAll<HTMLInputElement>('#variable-fields input')) values[input.dataset.variable as string] = input.value;
  return values;
}

// ---- the quote before Analyse ---------------------------------------------------------------------------

const QUOTE_DEBOUNCE_MS = 400;
let quoteTimer: ReturnType<typeof setTimeout> | undefined;
/** Only the newest quote asked is shown: an older answer arriving late is dropped. */
let quoteAsked = 0;
let localPrice: PublicConfig['localAnalystPrice'] = null;
let selectedCells = 0;

/** The local analyst's price is known from the cell count alone: shown at once, until the server's quote. */
function showLocalPrice(): void {
  show('quote-warning', false);
  const on = Boolean(localPrice && selectedCells > 0);
  $('quote').textContent = on && localPrice ? t('pane.quote.local', { tokens: number(localAnalystTokens(localPrice, selectedCells)) }) : '';
  $('quote').dataset.source = 'local';
  show('quote', on);
}

function showQuote(q: AnalysisQuote): void {
  const cost = q.low === q.high ? t('pane.quote.exact', { tokens: number(q.estimatedTokens) }) : t('pane.quote.estimate', { tokens: number(q.estimatedTokens), low: number(q.low), high: number(q.high) });
  $('quote').textContent = `${cost} · ${t('pane.quote.balanceAfter', { balance: number(q.balanceAfter) })}`;
  $('quote').dataset.source = 'server';
  show('quote', true);
  $('quote-warning').textContent = q.covered ? '' : t('pane.quote.notCovered', { available: number(q.balanceAfter + q.estimatedTokens), high: number(q.high) });
  show('quote-warning', !q.covered);
}

/** Asks for the quote 400 ms after the last change of the selection, question, template or variables. */
function scheduleQuote(): void {
  clearTimeout(quoteTimer);
  const asked = ++quoteAsked;
  showLocalPrice();
  quoteTimer = setTimeout(() => {
    const { firstRowIsHeaders, ...body } = request();
    if (!body.projectId || !body.prompt) return;
    // No quote (an older server without the endpoint, nothing selected) shows nothing: never an error.
    call('quote', { ...body, firstRowIsHeaders })
      .then((q) => {
        if (asked === quoteAsked && q) showQuote(q);
      })
      .catch(() => undefined);
  }, QUOTE_DEBOUNCE_MS);
}

// ---- feedback ---------------------------------------------------------------------------------------

let feedbackRating: 'up' | 'down' | null = null;

function resetFeedback(on: boolean): void {
  feedbackRating = null;
  for (const id of ['feedback-up', 'feedback-down']) $(id).setAttribute('aria-pressed', 'false');
  $<HTMLTextAreaElement>('feedback-comment').value = '';
  $<HTMLTextAreaElement>('feedback-corrected').value = '';
  show('feedback-details', false);
  show('feedback-thanks', false);
  show('feedback', on);
}

function rate(rating: 'up' | 'down'): void {
  feedbackRating = rating;
  $('feedback-up').setAttribute('aria-pressed', String(rating === 'up'));
  $('feedback-down').setAttribute('aria-pressed', String(rating === 'down'));
  show('feedback-details', true);
}

async function sendFeedback(): Promise<void> {
  if (!lastAnswer || !feedbackRating) return;
  const comment = $<HTMLTextAreaElement>('feedback-comment').value.trim();
  const corrected = $<HTMLTextAreaElement>('feedback-corrected').value.trim();
  await call('sendFeedback', lastAnswer.id, { rating: feedbackRating, ...(comment ? { comment } : {}), ...(corrected ? { correctedAnswer: corrected } : {}) });
  show('feedback', false);
  show('feedback-thanks', true);
}

async function refreshSelection(): Promise<void> {
  const result = await call('getSelection', $<HTMLInputElement>('headers').checked);
  const box = $('selection');
  selectedCells = result.status === 'ok' ? result.cellCount : 0;
  scheduleQuote();
  if (result.status === 'empty') box.textContent = t('pane.selection.emptyRefresh');
  else if (result.status === 'too_large') box.textContent = t('pane.selection.tooLarge', { address: result.address, cells: number(result.cellCount), limit: number(result.limit) });
  else {
    currentSelection = { sheet: result.sheet, ranges: result.ranges.map((r) => ({ address: r.address })) };
    const areas = result.ranges.map((r) => `${r.address} (${r.rows}×${r.columns})`).join(', ');
    box.textContent = `${t('pane.selection.summary', { sheet: result.sheet, cells: number(result.cellCount) })}: ${areas}`;
  }
}

/** The run as the sidebar stands: the question carries the variables' values, as the run's `variables` do. */
function request() {
  const templateId = $<HTMLSelectElement>('template').value || undefined;
  const refined = $<HTMLTextAreaElement>('refined').value.trim();
  const values = variableValues();
  return {
    projectId: $<HTMLSelectElement>('project').value,
    prompt: fillVariables($<HTMLTextAreaElement>('prompt').value.trim(), values),
    firstRowIsHeaders: $<HTMLInputElement>('headers').checked,
    ...(templateId ? { templateId } : {}),
    ...(refined ? { refinedPrompt: refined } : {}),
    ...(templateId && variableNames.length ? { variables: variablesFor(variableNames, values) } : {}),
  };
}

function sourceItem(label: string, c: { documentName: string; page: number | null; url: string; appUrl?: string }): HTMLLIElement {
  const li = document.createElement('li');
  const id = document.createElement('span');
  id.className = 'label';
  id.textContent = label;
  const link = document.createElement('a');
  // The stable app link; the signed one (it expires) only for an old analysis without it.
  link.href = sourceUrl(c);
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = sourceLabelText(t, c);
  li.append(id, ' ', link);
  return li;
}

function renderChecks(a: Analysis): void {
  const summary = claimSummaryText(t, a.claims);
  $('claims-summary').textContent = summary ?? '';
  $('claims-summary').classList.toggle('warn', Boolean(a.claims?.some((c) => c.verdict === 'unsupported')));
  show('claims-summary', Boolean(summary));
  const read = readSummaryText(t, a.read, a.cellCount);
  show('what-was-read', Boolean(read));
  $('read-summary').textContent = read ?? '';
  $('read-passages').replaceChildren(...(a.read ?? []).map((p) => sourceItem(`[${p.id}]`, p)));
  $('read-cells').textContent = answerSelection ? t('pane.answer.cells', { cells: `${answerSelection.sheet}: ${answerSelection.ranges.map((r) => r.address).join(', ')}` }) : '';
}

function renderAnswer(a: Analysis): void {
  show('answer', true);
  answerSelection = a.selection ?? currentSelection;
  const text = $('answer-text');
  let unplaced: NonNullable<Analysis['claims']> = [];
  if (a.status === 'succeeded') {
    const linked = linkAnswer(a.answer ?? '', { claims: a.claims, citationIds: a.citations.map((c) => c.id), selection: answerSelection ?? undefined, words: answerWords(t) });
    text.innerHTML = answerHtml(linked.markdown);
    // A flag is a note on the sentence before it, not somewhere to go: drawn as text.
    for (const flag of text.querySelectorAll('a[href^="#flag="]')) {
      const note = document.createElement('strong');
      note.className = 'flag';
      note.textContent = flag.textContent;
      flag.replaceWith(note);
    }
    unplaced = linked.unplaced;
  } else text.textContent = a.status === 'failed' ? t('pane.workspace.analysisFailed') : t('pane.answer.working');
  $('unplaced-flags').replaceChildren(
    ...unplaced.map((c) => {
      const li = document.createElement('li');
      li.textContent = `“${c.text}” — ${flagText(c, answerWords(t))}`;
      return li;
    }),
  );
  $('citations').replaceChildren(
    ...a.citations.map((c) => {
      const li = sourceItem(`[${c.id}]`, c);
      if (c.ocr) {
        const ocr = document.createElement('span');
        ocr.className = 'ocr';
        ocr.title = t('pane.answer.ocrHint');
        ocr.textContent = ` ${t('pane.answer.ocr')}`;
        li.append(ocr);
      }
      const quote = document.createElement('span');
      quote.className = 'quote';
      quote.textContent = `“${c.quote}”`;
      li.append(quote);
      return li;
    }),
  );
  renderChecks(a);
  show('insert', a.status === 'succeeded');
}

/** Links in the answer: cells select in the sheet, [P3] opens that source, a flag is only text. */
function handleAnswerClick(e: MouseEvent): void {
  const link = (e.target as Element | null)?.closest('a');
  const href = link?.getAttribute('href');
  if (!href) return;
  e.preventDefault();
  const cell = cellRefFromHref(href, answerSelection?.sheet ?? null);
  if (cell) {
    clearError();
    call('selectCells', cell.sheet, cell.address).catch(showError);
  } else if (href.startsWith('#source=')) {
    const c = lastAnswer?.citations.find((x) => x.id === decodeHref(href.slice('#source='.length)));
    if (c) window.open(sourceUrl(c), '_blank', 'noopener');
  } else if (!href.startsWith('#')) window.open(href, '_blank', 'noopener');
}

async function analyse(): Promise<void> {
  const body = request();
  if (!body.projectId || !body.prompt) throw new Error(t('pane.workspace.pickProject'));
  const missing = missingVariables(variableNames, variableValues());
  if (missing.length) throw new Error(t('pane.variables.missing', { names: missing.join(', ') }));
  resetFeedback(false);
  let analysis = await call('analyse', body);
  renderAnswer(analysis);
  // Large selections are queued by the server: poll until the answer is there.
  while (analysis.status === 'queued' || analysis.status === 'running') {
    await new Promise((r) => setTimeout(r, 1500));
    analysis = (await call('callApi', `/analyses/${analysis.id}`)) as Analysis;
    renderAnswer(analysis);
  }
  lastAnswer = analysis;
  resetFeedback(analysis.status === 'succeeded');
  void refreshBalance().catch(() => undefined);
  if (analysis.status === 'failed') showError(t('pane.workspace.analysisFailedRetry'));
}

/** Signed in (after the password, or after the MFA step): the user's language, then the workspace. */
async function signedIn(result: ReturnType<ServerFns['signIn']>): Promise<void> {
  if (result.mfaRequired) {
    showMfa('code');
    return;
  }
  await useLanguage(result.user.language);
  await enterWorkspace();
}

// TOTP codes are six digits; authenticator apps show them as "123 456", so spaces are dropped first.
const SIX_DIGITS = /^\d{6}$/;

/** The second step of an MFA account: the app's code, or (switched by its link) a recovery code. */
function showMfa(mode: 'code' | 'recovery'): void {
  const form = $('mfa');
  form.dataset.mode = mode;
  $('mfa-intro').dataset.i18n = mode === 'code' ? 'pane.mfa.intro' : 'pane.mfa.recoveryIntro';
  $('mfa-label').dataset.i18n = mode === 'code' ? 'pane.mfa.code' : 'pane.mfa.recoveryCode';
  $('mfa-switch').dataset.i18n = mode === 'code' ? 'pane.mfa.useRecovery' : 'pane.mfa.useCode';
  translatePage();
  const input = $<HTMLInputElement>('mfa-code');
  input.value = '';
  input.inputMode = mode === 'code' ? 'numeric' : 'text';
  input.autocomplete = mode === 'code' ? 'one-time-code' : 'off';
  show('mfa-hint', false);
  show('sign-in', false);
  show('mfa', true);
  input.focus();
}

function wire(): void {
  $('sign-in').addEventListener('submit', (e) => {
    e.preventDefault();
    void busy($('sign-in').querySelector('button') as HTMLButtonElement, async () => {
      await signedIn(await call('signIn', $<HTMLInputElement>('email').value, $<HTMLInputElement>('password').value));
    });
  });
  $('mfa').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $<HTMLInputElement>('mfa-code').value;
    const code = value.replace(/\s+/g, '');
    if ($('mfa').dataset.mode === 'code' && !SIX_DIGITS.test(code)) {
      $('mfa-hint').textContent = t('pane.mfa.codeFormat');
      show('mfa-hint', true);
      return;
    }
    show('mfa-hint', false);
    const input = $('mfa').dataset.mode === 'code' ? { code } : { recoveryCode: value.trim() };
    void busy($('mfa').querySelector('button[type=submit]') as HTMLButtonElement, async () => {
      await signedIn(await call('verifyMfa', input));
    });
  });
  $('mfa-switch').onclick = () => {
    clearError();
    showMfa($('mfa').dataset.mode === 'code' ? 'recovery' : 'code');
  };
  $('mfa-back').onclick = () => {
    clearError();
    show('mfa', false);
    $<HTMLInputElement>('password').value = '';
    show('sign-in', true);
  };
  $('sign-out').onclick = () =>
    void busy($<HTMLButtonElement>('sign-out'), async () => {
      await call('signOut');
      clearInterval(balanceTimer);
      show('balance', false);
      show('workspace', false);
      show('sign-out', false);
      await useLanguage(null);
      show('sign-in', true);
    });
  $('refresh-selection').onclick = () => void busy($<HTMLButtonElement>('refresh-selection'), refreshSelection);
  $('project').addEventListener('change', () => void useFormulaProject());
  $('refresh-formulas').onclick = () =>
    void busy($<HTMLButtonElement>('refresh-formulas'), async () => {
      const done = await call('refreshFormulas');
      $('formulas-done').textContent = t('pane.sheets.refreshFormulasDone', { filled: done.filled, working: done.working });
      show('formulas-done', true);
    });
  $('headers').onchange = () => void refreshSelection().catch(showError);
  $('prompt').addEventListener('input', scheduleQuote);
  $('project').addEventListener('change', scheduleQuote);
  $('feedback-up').onclick = () => rate('up');
  $('feedback-down').onclick = () => rate('down');
  $('feedback-send').onclick = () => void busy($<HTMLButtonElement>('feedback-send'), sendFeedback);
  $('analyse').onclick = () => void busy($<HTMLButtonElement>('analyse'), analyse);
  $('answer-text').addEventListener('click', handleAnswerClick);
  $('refine').onclick = () =>
    void busy($<HTMLButtonElement>('refine'), async () => {
      const { refinedPrompt: _drop, ...body } = request();
      const res = await call('refinePrompt', body);
      $<HTMLTextAreaElement>('refined').value = res.refinedPrompt;
      show('refined-field', true);
    });
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=where]')) {
    radio.onchange = () => ($<HTMLInputElement>('insert-target').value = radio.value === 'sheet' ? t('pane.insert.defaultSheet') : '');
  }
  $('insert-answer').onclick = () =>
    void busy($<HTMLButtonElement>('insert-answer'), async () => {
      if (!lastAnswer?.answer) return;
      const where = document.querySelector<HTMLInputElement>('input[name=where]:checked')?.value;
      const value = $<HTMLInputElement>('insert-target').value.trim();
      const done = await call('insertAnswer', {
        answer: lastAnswer.answer,
        citations: lastAnswer.citations,
        ...(lastAnswer.claims ? { claims: lastAnswer.claims } : {}),
        includeCitations: $<HTMLInputElement>('with-citations').checked,
        target: where === 'cell' ? { kind: 'cell', address: value } : { kind: 'sheet', name: value },
      });
      $('insert-done').textContent = t('pane.insert.done', { sheet: done.sheet, address: done.address });
      show('insert-done', true);
    });
}

wire();
// The language is settled before anything shows: Google's locales and, when signed in, the user's setting.
Promise.all([call('getLocales').catch(() => [] as string[]), call('getSession')])
  .then(async ([locales, user]) => {
    sheetsLocales = locales;
    await useLanguage(user?.language);
    if (user) await enterWorkspace();
    else show('sign-in', true);
  })
  .catch(async (err) => {
    await useLanguage(null);
    show('sign-in', true);
    showError(err);
  });
