/**
 * A small Korean corpus (issue 31). Debian's documentation has no Korean PDFs, so the bench writes its own:
 * Word files (made with the `docx` package the tests use; Word page breaks give real page numbers on
 * ingest) of business-report sentences with particles and verb endings, mixed Korean/English names and
 * 억/만 figures. Every figure sentence states one (city, measure, year, quarter), and no combination is
 * stated twice, so each question has exactly one right page.
 *
 * A question names the same things in other forms: a noun without its particle or with a different one
 * ("서울 지점의 매출은" → "서울 지점 매출"), so it shares no Hangul word form with its sentence (checked per
 * question; Latin words and bare numbers are not inflected and may be shared).
 */
import { AlignmentType, Document as DocxDocument, Packer, PageBreak, Paragraph, TextRun } from 'docx';
import { rng } from './support.js';

const CITIES = ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '수원', '창원', '청주'];
const MEASURES = ['매출', '영업이익', '수출액', '투자액', '인건비', '광고비'];
const DIVISIONS = ['Cloud 사업부', 'AI 연구소', 'Mobile 사업부', 'B2B 영업팀', 'Data 플랫폼팀'];
const PROJECTS = ['Phoenix', 'Atlas', 'Nova', 'Orion', 'Helix', 'Zephyr'];
const YEARS = [2021, 2022, 2023, 2024];
const QUARTERS = [1, 2, 3, 4];

/** Whether a Hangul syllable ends in a final consonant (받침), which picks the particle's form. */
function hasFinal(word: string): boolean {
  const code = word.charCodeAt(word.length - 1) - 0xac00;
  return code >= 0 && code < 11172 && code % 28 !== 0;
}
const topic = (w: string) => `${w}${hasFinal(w) ? '은' : '는'}`;
const subject = (w: string) => `${w}${hasFinal(w) ? '이' : '가'}`;
const object = (w: string) => `${w}${hasFinal(w) ? '을' : '를'}`;

/** An amount in 억/만 as Korean reports write it: "1,250억 원", "3억 4,500만 원", "8,200만 원". */
function amount(random: () => number): string {
  const group = (n: number) => n.toLocaleString('en-US');
  const style = Math.floor(random() * 3);
  if (style === 0) return `${group(10 + Math.floor(random() * 4990))}억`;
  if (style === 1) return `${1 + Math.floor(random() * 98)}억 ${group(100 * (1 + Math.floor(random() * 99)))}만`;
  return `${group(100 * (10 + Math.floor(random() * 90)))}만`;
}

export interface KoreanFact {
  file: string;
  page: number;
  sentence: string;
  question: string;
}

export interface KoreanCorpus {
  files: Array<{ name: string; bytes: Buffer; pages: number }>;
  facts: KoreanFact[];
}

/** Words of Hangul in a text, as whitespace and punctuation separate them. */
const hangulForms = (text: string) => new Set((text.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => /\p{Script=Hangul}/u.test(w)));

/** The first of `forms` not written in the sentence. */
function unsharedForm(forms: string[], sentence: Set<string>): string {
  const form = forms.find((f) => f.split(' ').every((w) => !sentence.has(w)));
  if (!form) throw new Error(`every form of "${forms[0]}" is in the sentence`);
  return form;
}

/**
 * `documents` Word files of `pages` pages, each page `perPage` figure sentences among filler sentences,
 * and one question per figure sentence.
 */
export async function koreanCorpus(documents = 4, pages = 10, perPage = 6, seed = 31): Promise<KoreanCorpus> {
  const random = rng(seed);
  const combos = CITIES.flatMap((city) => MEASURES.flatMap((measure) => YEARS.flatMap((year) => QUARTERS.map((quarter) => ({ city, measure, year, quarter })))));
  for (let i = combos.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [combos[i], combos[j]] = [combos[j], combos[i]];
  }
  if (combos.length < documents * pages * perPage) throw new Error('not enough distinct facts for the Korean corpus');
  let next = 0;
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const files: KoreanCorpus['files'] = [];
  const facts: KoreanFact[] = [];
  for (let d = 0; d < documents; d++) {
    const name = `지역실적보고서-${d + 1}.docx`;
    const children: Paragraph[] = [];
    for (let p = 1; p <= pages; p++) {
      if (p > 1) children.push(new Paragraph({ children: [new PageBreak()] }));
      children.push(new Paragraph({ children: [new TextRun(`${pick(DIVISIONS)} 분기 실적 검토`)] }));
      for (let s = 0; s < perPage; s++) {
        const { city, measure, year, quarter } = combos[next++];
        const money = amount(random);
        const templates = [
          `${city} 지점의 ${year}년 ${quarter}분기 ${topic(measure)} ${money} 원으로 집계되었습니다.`,
          `${year}년 ${quarter}분기에 ${city} 지점은 ${subject(measure)} ${money} 원을 기록했다.`,
          `${pick(DIVISIONS)} 소속 ${city} 지점에서 ${year}년 ${quarter}분기 동안 발생한 ${topic(measure)} 모두 ${money} 원이었다.`,
          `${city}에 있는 지점들은 ${year}년 ${quarter}분기에 ${object(measure)} ${money} 원까지 늘렸으며 ${pick(PROJECTS)} 프로젝트가 이를 이끌었다.`,
        ];
        const sentence = pick(templates);
        const forms = hangulForms(sentence);
        const question = [
          unsharedForm([city, `${city}의`, `${city}에서`], forms),
          unsharedForm(['지점', '지점의', '지점들'], forms),
          unsharedForm([measure, `${measure}의`, `${measure}에`], forms),
          unsharedForm([`${year}년도`, `${year}년의`], forms),
          unsharedForm([`${quarter}분기`, `${quarter}분기의`, `${quarter}분기에는`], forms),
          '얼마였나요?',
        ].join(' ');
        facts.push({ file: name, page: p, sentence, question });
        children.push(new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun(sentence)] }));
        if (s % 2 === 1) {
          children.push(new Paragraph({ children: [new TextRun(`${pick(DIVISIONS)}의 ${pick(PROJECTS)} 프로젝트는 ${1 + Math.floor(random() * 12)}월까지 완료될 예정이며 담당자는 주간 회의에서 진행 상황을 공유합니다.`)] }));
        }
      }
    }
    files.push({ name, bytes: await Packer.toBuffer(new DocxDocument({ sections: [{ children }] })), pages });
  }
  return { files, facts };
}
