/**
 * HWPX files built in the test (no Hangul needed): the parts Hangul writes — `mimetype` first and stored,
 * META-INF/container.xml, Contents/content.hpf, header.xml with the outline styles, one section<N>.xml per
 * section — with the OWPML namespaces, paragraphs `<hp:p>` and text runs `<hp:run><hp:t>`.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

export interface HwpxParagraph {
  text: string;
  /** Starts a new page (Ctrl+Enter in Hangul). */
  pageBreak?: boolean;
  /** Outline heading ("개요 1" style). */
  heading?: boolean;
  /** A one-row table after the text, each cell a nested paragraph. */
  cells?: string[];
  /** A picture (`<hp:pic>`) before the text. */
  picture?: boolean;
}

const NS =
  'xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" ' +
  'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" ' +
  'xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core"';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A run's text; "\t" is `<hp:tab/>` and "\n" is `<hp:lineBreak/>` inside the `<hp:t>`, as Hangul writes them. */
const run = (text: string) =>
  `<hp:run charPrIDRef="0"><hp:t>${esc(text).replace(/\t/g, '<hp:tab width="4000" leader="0" type="1"/>').replace(/\n/g, '<hp:lineBreak/>')}</hp:t></hp:run>`;

function paragraph(p: HwpxParagraph, id: number): string {
  const table = p.cells
    ? `<hp:run charPrIDRef="0"><hp:tbl id="${9000 + id}" rowCnt="1" colCnt="${p.cells.length}"><hp:tr>${p.cells
        .map((c, i) => `<hp:tc><hp:subList><hp:p id="${id * 100 + i}" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">${run(c)}</hp:p></hp:subList></hp:tc>`)
        .join('')}</hp:tr></hp:tbl></hp:run>`
    : '';
  const picture = p.picture
    ? `<hp:run charPrIDRef="0"><hp:pic id="${8000 + id}" zOrder="0" numberingType="PICTURE" textWrap="TOP_AND_BOTTOM" textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" href="" groupLevel="0" instid="${8000 + id}" reverse="0"><hp:sz width="14000" widthRelTo="ABSOLUTE" height="10000" heightRelTo="ABSOLUTE" protect="0"/><hp:pos treatAsChar="1" affectLSpacing="0" flowWithText="1" allowOverlap="0" holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="PARA" vertAlign="TOP" horzAlign="LEFT" vertOffset="0" horzOffset="0"/><hc:img binaryItemIDRef="image1" bright="0" contrast="0" effect="REAL_PIC" alpha="0"/></hp:pic></hp:run>`
    : '';
  return (
    `<hp:p id="${id}" paraPrIDRef="0" styleIDRef="${p.heading ? 2 : 0}" pageBreak="${p.pageBreak ? 1 : 0}" columnBreak="0" merged="0">` +
    `${picture}${run(p.text)}${table}<hp:linesegarray><hp:lineseg textpos="0" vertpos="0" vertsize="1000" textheight="1000" baseline="850" spacing="600" horzpos="0" horzsize="42520" flags="393216"/></hp:linesegarray></hp:p>`
  );
}

/** An .hwpx file of one or more sections (each section after the first starts a new page). */
export function makeHwpx(sections: HwpxParagraph[][], extra: Zippable = {}): Buffer {
  const files: Zippable = {
    mimetype: [strToU8('application/hwp+zip'), { level: 0 }],
    'version.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1" os="1" xmlVersion="1.4" application="Hancom Office Hangul" appVersion="11, 0, 0, 0"/>`),
    'META-INF/container.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container"><ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/></ocf:rootfiles></ocf:container>`),
    'Contents/content.hpf': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><opf:package xmlns:opf="http://www.idpf.org/2007/opf/" version="" unique-identifier="" id=""><opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>${sections
        .map((_, i) => `<opf:item id="section${i}" href="Contents/section${i}.xml" media-type="application/xml"/>`)
        .join('')}</opf:manifest><opf:spine><opf:itemref idref="header" linear="yes"/>${sections.map((_, i) => `<opf:itemref idref="section${i}" linear="yes"/>`).join('')}</opf:spine></opf:package>`,
    ),
    'Contents/header.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><hh:head ${NS} version="1.4" secCnt="${sections.length}"><hh:refList><hh:styles itemCnt="3">` +
        `<hh:style id="0" type="PARA" name="바탕글" engName="Normal" paraPrIDRef="0" charPrIDRef="0" nextStyleIDRef="0" langID="1042" lockForm="0"/>` +
        `<hh:style id="1" type="PARA" name="본문" engName="Body" paraPrIDRef="0" charPrIDRef="0" nextStyleIDRef="1" langID="1042" lockForm="0"/>` +
        `<hh:style id="2" type="PARA" name="개요 1" engName="Outline 1" paraPrIDRef="0" charPrIDRef="0" nextStyleIDRef="2" langID="1042" lockForm="0"/>` +
        `</hh:styles></hh:refList></hh:head>`,
    ),
    ...extra,
  };
  let id = 1;
  sections.forEach((paras, i) => {
    files[`Contents/section${i}.xml`] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><hs:sec ${NS}>${paras.map((p) => paragraph(p, id++)).join('')}</hs:sec>`);
  });
  return Buffer.from(zipSync(files));
}

/**
 * A zip bomb in HWPX clothing: a section that inflates to `bytes` of spaces (deflate squeezes 1 GB of one
 * byte to ~1 MB, so the file itself stays under any upload limit).
 */
export function makeHwpxBomb(bytes: number): Buffer {
  const body = new Uint8Array(bytes).fill(0x20);
  return makeHwpx([[{ text: 'small' }]], { 'Contents/section1.xml': [body, { level: 1 }] });
}
