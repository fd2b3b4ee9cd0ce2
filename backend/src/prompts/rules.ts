/**
 * Deterministic prompt refinement: intent detection, a description of the selection (ranges, headers,
 * numeric columns, units), the expected answer format and the citation rule. Used when no model is
 * configured, and as the model's starting point when one is. Feedback tunes it: complaints the user made
 * about earlier answers of the same intent become extra instructions. The refined prompt is written in
 * the question's language (English or Korean) and tells the model to answer in it.
 *
 * The refined prompt is itself read for its intent (analysis/service.ts), so no boilerplate line may hold
 * another intent's words: a format text holds only its own intent's words or those of lower priority.
 */
import { numericColumns } from '../analysis/stats.js';
import type { Selection } from '../analysis/schema.js';
import { countCells } from '../analysis/schema.js';
import { parseA1 } from '../analysis/a1.js';
import { headersOf, withSharedHeaders } from '../analysis/stats.js';
import { detectLanguage, LANGUAGE_NAMES, type Language } from './language.js';

export const INTENTS = ['summarise', 'compare', 'trend', 'anomaly', 'explain', 'verify', 'forecast'] as const;
export type Intent = (typeof INTENTS)[number];

// Korean words follow the English ones outside \b, which JavaScript does not apply to Hangul; a Korean
// word stem matches whatever ending follows it ("비교해", "비교하면").
const INTENT_PATTERNS: Array<[Intent, RegExp]> = [
  ['verify', /\b(verify|check|confirm|validate|match(es)?|consistent|according to|against the (report|document|contract|docs?))\b|검증|확인|대조|일치하|맞는지|맞나요|맞습니까|에 따르면/i],
  ['forecast', /\b(forecast|predict|projection|project(ed)?|next (month|quarter|year|period)|expect(ed)?|will be)\b|예측|전망|예상|향후|내년|다음\s*(달|분기|해|연도|기간)/i],
  ['anomaly', /\b(anomal\w*|outlier\w*|unusual|odd|spike\w*|suspicious|error\w*|wrong|strange)\b|이상치|이상값|이상한|특이|급증|급등|급락|튀었|튀는|오류|잘못/i],
  ['trend', /\b(trend\w*|over time|growth|grow\w*|increas\w*|decreas\w*|declin\w*|change\w* over|month over month|yoy|year over year)\b|추세|추이|증가|감소|성장|늘었|줄었|변화|전년\s*대비|전월\s*대비/i],
  ['compare', /\b(compar\w*|versus|vs\.?|differen\w*|higher|lower|better|worse|rank\w*|between)\b|비교|대비|차이|순위|보다\s*(더\s*)?(높|낮|많|적|크|작|좋|나)/i],
  ['explain', /\b(explain|why|what does|meaning|means|interpret\w*|reason)\b|이유|왜|설명|의미|원인|해석/i],
  ['summarise', /\b(summar\w*|overview|describe|key (points|figures)|tl;?dr|highlights?)\b|요약|개요|정리|핵심/i],
];

/** The first matching intent in priority order; summarise when nothing matches. */
export function detectIntent(prompt: string): Intent {
  for (const [intent, re] of INTENT_PATTERNS) if (re.test(prompt)) return intent;
  return 'summarise';
}

const FORMATS_EN: Record<Intent, string> = {
  summarise: 'Answer with a one-sentence overview, then 3–5 bullet points with the key figures (cell addresses in brackets).',
  compare: 'Answer with a short comparison table or bullet list (item, value, difference, % difference), then one sentence naming the largest gap.',
  trend: 'Answer with the direction and size of the trend (first → last, % change, slope per period), then the periods where it turns.',
  anomaly: 'List each unusual value with its cell address, why it stands out (how far from the typical range), and a likely explanation if the documents give one.',
  explain: 'Explain in plain language what the figures show and why, in at most two short paragraphs.',
  verify: 'For each figure checked, say whether the documents confirm it, contradict it or do not mention it, quoting the passage.',
  forecast: 'Give a simple projection with the method stated (e.g. linear trend), the projected values, and the main uncertainty.',
};

const FORMATS_KO: Record<Intent, string> = {
  summarise: '한 문장으로 개요를 쓰고, 주요 수치를 3–5개의 글머리표로 정리하세요(셀 주소는 대괄호 안에).',
  compare: '짧은 비교 표나 글머리표 목록(항목, 값, 차이, % 차이)으로 답하고, 가장 큰 차이를 한 문장으로 밝히세요.',
  trend: '추세의 방향과 크기(처음 → 마지막, % 변화, 기간당 기울기)를 쓰고, 방향이 바뀌는 기간을 밝히세요.',
  anomaly: '특이한 값마다 셀 주소, 두드러지는 까닭(일반적인 범위에서 얼마나 벗어났는지), 그리고 문서에 설명이 있으면 그럴듯한 원인을 나열하세요.',
  explain: '수치가 무엇을 보여 주고 왜 그런지 쉬운 말로, 짧은 두 단락 이내로 설명하세요.',
  verify: '확인한 수치마다 문서가 그것을 뒷받침하는지, 반박하는지, 언급하지 않는지 밝히고 해당 문단을 인용하세요.',
  forecast: '사용한 방법(예: 선형 추세), 예측값, 주요 불확실성을 밝힌 간단한 예측을 제시하세요.',
};

/** The intents' names in a Korean refined prompt; each is a word of its own intent's pattern. */
const INTENT_NAMES_KO: Record<Intent, string> = { summarise: '요약', compare: '비교', trend: '추세', anomaly: '이상치', explain: '설명', verify: '검증', forecast: '예측' };

/**
 * How the model cites: passages by id, cells by A1 reference, each right after the sentence that relies on
 * it — the claim check (analysis/claims.ts) reads these markers to find each sentence's evidence.
 */
export const CITATION_RULE =
  'Use only the selected cells and the document passages provided. Cite each passage you rely on by its id in square brackets, e.g. [P1]; never cite an id that was not provided. ' +
  'Cite the cells a figure comes from by their A1 reference in square brackets, e.g. [B2], a range [B2:B9], or [Sheet2!C4] for another sheet. ' +
  'Put the citations at the end of each sentence that relies on them, quote passages word for word in double quotes, and write figures as they appear or say how you computed them. ' +
  'If the data does not answer the question, say so.';

/** The citation rule in Korean: the same markers, since the claim check reads them in every language. */
export const CITATION_RULE_KO =
  '제공된 선택 셀과 문서 문단만 사용하세요. 근거로 삼은 문단은 대괄호 안의 id로 인용하세요(예: [P1]). 제공되지 않은 id는 절대 인용하지 마세요. ' +
  '수치가 나온 셀은 대괄호 안의 A1 참조로 인용하세요(예: [B2], 범위는 [B2:B9], 다른 시트는 [Sheet2!C4]). ' +
  '인용 표시는 그것에 기대는 각 문장의 끝에 두고, 문단은 큰따옴표 안에 글자 그대로 옮기며, 수치는 나온 그대로 쓰거나 어떻게 계산했는지 밝히세요. ' +
  '데이터로 질문에 답할 수 없으면 그렇다고 말하세요.';

/**
 * The model's instruction to answer in the question's language (in its English system message).
 * Citations and quotations stay as they are: the claim check reads them.
 */
export function answerLanguageRule(language: Language): string {
  return `Language: answer in ${LANGUAGE_NAMES[language]}, the language of the question; keep the citation markers ([B2], [P1]) and quotations as they are.`;
}

/** The same instruction in a Korean refined prompt. */
const ANSWER_IN_KOREAN = '답변 언어: 질문과 같은 한국어로 답하세요. 셀·문단 인용 표시([B2], [P1])와 인용문은 원문 그대로 두세요.';

/** "Sheet1!B2:D9 (3 columns × 8 rows; headers: Month, Revenue (USD), Cost; numeric: Revenue (USD) in USD, Cost)". */
export function describeSelection(selection: Selection, language: Language = 'en'): string {
  const ko = language === 'ko';
  const parts = withSharedHeaders(selection.ranges).map((range) => {
    const a1 = parseA1(range.address);
    const rows = range.values.length;
    const cols = range.values[0].length;
    const address = range.address.includes('!') ? range.address : `${selection.sheet}!${range.address}`;
    const headers = a1 ? headersOf(range, a1).names : [];
    // Any number makes a column numeric here: a one-row range (the May row) is still figures.
    const numeric = numericColumns([range], 1).map((s) => (s.unit ? (ko ? `${s.label}(단위 ${s.unit})` : `${s.label} in ${s.unit}`) : s.label));
    const bits = [ko ? `${cols}열 × ${rows}행` : `${cols} column${cols === 1 ? '' : 's'} × ${rows} row${rows === 1 ? '' : 's'}`];
    if (headers.length) bits.push(`${ko ? '머리글' : 'headers'}: ${headers.join(', ')}`);
    bits.push(numeric.length ? `${ko ? '숫자 열' : 'numeric'}: ${numeric.join(', ')}` : ko ? '숫자 열 없음' : 'no numeric columns');
    return `${address} (${bits.join('; ')})`;
  });
  const cells = countCells(selection.ranges);
  const where = selection.workbook ? `${selection.workbook} › ${selection.sheet}` : selection.sheet;
  if (ko) return `${where}에서 선택한 셀 ${cells}개: ${parts.join('; ')}`;
  return `${cells} selected cell${cells === 1 ? '' : 's'} in ${where}: ${parts.join('; ')}`;
}

/** What complaints ask for, read in English and Korean, and the rule each becomes in either language. */
const COMPLAINTS: Array<{ re: RegExp; en: string; ko: string }> = [
  { re: /\b(long|verbose|wordy|too much)\b|길다|길어|장황|너무 많/, en: 'Keep the answer short.', ko: '답변을 짧게 쓰세요.' },
  { re: /\b(source|citation|cite|page|reference)\w*|출처|인용|근거|페이지|쪽수/, en: 'Cite a passage for every claim taken from the documents.', ko: '문서에서 가져온 모든 주장에 문단을 인용하세요.' },
  { re: /\b(wrong|incorrect|mistake|error|miscalculat)\w*|틀렸|틀린|틀려|오류|잘못|실수/, en: 'Double-check every figure against the cells and show the cell address for each.', ko: '모든 수치를 셀 값과 한 번 더 맞춰 보고, 수치마다 셀 주소를 밝히세요.' },
  { re: /\b(vague|generic|unclear|useless)\b|모호|막연|애매|쓸모/, en: 'Be specific: name the cells and the numbers.', ko: '구체적으로 쓰세요: 셀과 수치를 밝히세요.' },
];

/** Instructions that past complaints about this intent ask for (the feedback loop of the rules). */
export function complaintRules(comments: string[], language: Language = 'en'): string[] {
  const text = comments.join(' ').toLowerCase();
  return COMPLAINTS.filter((c) => c.re.test(text)).map((c) => c[language]);
}

export interface RefineInput {
  prompt: string;
  selection: Selection;
  /** Complaints from earlier down-rated answers of the same intent. */
  complaints?: string[];
  /** A well-rated earlier answer of the same intent, as a style example. */
  example?: string | null;
}

export function refineByRules(input: RefineInput): { refinedPrompt: string; intent: Intent; selectionSummary: string } {
  const intent = detectIntent(input.prompt);
  const language = detectLanguage(input.prompt);
  const selectionSummary = describeSelection(input.selection, language);
  const ko = language === 'ko';
  const lines = ko
    ? [
        `과제(${INTENT_NAMES_KO[intent]}): ${input.prompt.trim()}`,
        `선택 영역: ${selectionSummary}.`,
        `형식: ${FORMATS_KO[intent]}`,
        ...complaintRules(input.complaints ?? [], language),
        `인용: ${CITATION_RULE_KO}`,
        ANSWER_IN_KOREAN,
      ]
    : [
        `Task (${intent}): ${input.prompt.trim()}`,
        `Selection: ${selectionSummary}.`,
        `Format: ${FORMATS_EN[intent]}`,
        ...complaintRules(input.complaints ?? [], language),
        `Citations: ${CITATION_RULE}`,
      ];
  if (input.example) {
    const lead = ko ? '스타일: 도움이 된다고 평가받은 이전 답변처럼 답하세요:' : 'Style: answer like this earlier answer that was rated helpful:';
    lines.push(`${lead}\n"""\n${input.example.slice(0, 600)}\n"""`);
  }
  return { refinedPrompt: lines.join('\n'), intent, selectionSummary };
}
