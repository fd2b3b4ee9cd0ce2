/**
 * Test doubles of the Apps Script services Code.js uses — exactly the methods it calls, no more, so a new
 * call in the server code fails here until the double (and the real service's behaviour) is considered.
 */
import { createHash } from 'node:crypto';

export type Cell = string | number | boolean | Date;

export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

export type FetchHandler = (call: FetchCall) => { status: number; body?: unknown };

const colName = (n: number): string => (n <= 0 ? '' : colName(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));
function parseA1(a1: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(a1.toUpperCase());
  if (!m) throw new Error(`Range not found: ${a1}`);
  const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { row: Number(m[2]), col };
}

function parseRange(a1: string): [number, number, number, number] {
  const [from, to = from] = a1.split(':').map(parseA1);
  return [Math.min(from.row, to.row), Math.min(from.col, to.col), Math.abs(to.row - from.row) + 1, Math.abs(to.col - from.col) + 1];
}

export class FakeSheet {
  /** Written cells by A1 address. */
  readonly cells = new Map<string, unknown>();
  readonly bold = new Set<string>();
  /** Formulas by A1 address, and every setFormula call in order (Sheets recalculates a re-entered formula). */
  readonly formulas = new Map<string, string>();
  readonly formulaWrites: [string, string][] = [];
  activated = false;
  /** What setActiveRange made the selection here. */
  activeRange: string | null = null;
  /** The grid's size: a new sheet has 1,000 rows and 26 columns, and a range outside them does not exist. */
  maxRows = 1000;
  maxColumns = 26;
  constructor(private name: string) {}

  getName() {
    return this.name;
  }
  activate() {
    this.activated = true;
    return this;
  }
  getRange(...args: [string] | [number, number, number, number]) {
    const [row, col, rows, cols] = typeof args[0] === 'string' ? parseRange(args[0]) : (args as [number, number, number, number]);
    if (row + rows - 1 > this.maxRows || col + cols - 1 > this.maxColumns) throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    return new FakeBlock(this, row, col, rows, cols);
  }
  getMaxRows() {
    return this.maxRows;
  }
  getMaxColumns() {
    return this.maxColumns;
  }
  insertRowsAfter(after: number, howMany: number) {
    if (after !== this.maxRows) throw new Error('the double only grows a sheet at its end');
    this.maxRows += howMany;
    return this;
  }
  insertColumnsAfter(after: number, howMany: number) {
    if (after !== this.maxColumns) throw new Error('the double only grows a sheet at its end');
    this.maxColumns += howMany;
    return this;
  }
  /** Like Sheets: it selects in the active sheet, so the range must be this sheet's and the sheet shown. */
  setActiveRange(range: FakeBlock) {
    if (range.sheet !== this) throw new Error('The range is on another sheet.');
    if (!this.activated) throw new Error('setActiveRange selects in the active sheet; activate this one first.');
    this.activeRange = range.getA1Notation();
    return range;
  }
  /** createTextFinder(text).matchFormulaText(true).findAll(): the cells whose formula contains `text`. */
  createTextFinder(text: string) {
    let inFormulas = false;
    const finder = {
      matchFormulaText: (on: boolean) => ((inFormulas = on), finder),
      findAll: () =>
        inFormulas
          ? [...this.formulas].filter(([, f]) => f.toUpperCase().includes(text.toUpperCase())).map(([a1]) => this.getRange(a1))
          : [...this.cells].filter(([, v]) => String(v).includes(text)).map(([a1]) => this.getRange(a1)),
    };
    return finder;
  }
  /** Rows of written values starting at `a1`, `rows` × `cols`. */
  read(a1: string, rows: number, cols: number): unknown[][] {
    const { row, col } = parseA1(a1);
    return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => this.cells.get(`${colName(col + c)}${row + r}`)));
  }
}

class FakeBlock {
  constructor(
    readonly sheet: FakeSheet,
    private row: number,
    private col: number,
    private rows: number,
    private cols: number,
  ) {}
  getRow() {
    return this.row;
  }
  getColumn() {
    return this.col;
  }
  getA1Notation() {
    const first = `${colName(this.col)}${this.row}`;
    return this.rows === 1 && this.cols === 1 ? first : `${first}:${colName(this.col + this.cols - 1)}${this.row + this.rows - 1}`;
  }
  setValues(values: unknown[][]) {
    if (values.length !== this.rows || values.some((r) => r.length !== this.cols)) throw new Error('The number of rows or columns in the data does not match the range.');
    values.forEach((r, i) => r.forEach((v, j) => this.sheet.cells.set(`${colName(this.col + j)}${this.row + i}`, v)));
    return this;
  }
  getDisplayValue() {
    const v = this.sheet.cells.get(this.getA1Notation());
    return v === undefined || v === null ? '' : String(v);
  }
  getFormula() {
    return this.sheet.formulas.get(this.getA1Notation()) ?? '';
  }
  setFormula(formula: string) {
    const a1 = this.getA1Notation();
    if (formula) this.sheet.formulas.set(a1, formula);
    else this.sheet.formulas.delete(a1);
    this.sheet.formulaWrites.push([a1, formula]);
    return this;
  }
  setFontWeight(weight: string) {
    for (let i = 0; i < this.rows; i++) for (let j = 0; j < this.cols; j++) if (weight === 'bold') this.sheet.bold.add(`${colName(this.col + j)}${this.row + i}`);
    return this;
  }
}

/**
 * A selected range with fixed values (what getActiveRangeList().getRanges() returns). `at` is its first
 * cell where the A1 notation does not say it (a whole column, "A:A").
 */
export function selectedRange(sheet: FakeSheet, a1: string, values: Cell[][], at = parseA1(a1.split(':')[0])) {
  return {
    getA1Notation: () => a1,
    getRow: () => at.row,
    getColumn: () => at.col,
    getNumRows: () => values.length,
    getNumColumns: () => values[0].length,
    getValues: () => values.map((r) => [...r]),
    getSheet: () => sheet,
  };
}

export interface World {
  sheets: Map<string, FakeSheet>;
  active: FakeSheet;
  selection: ReturnType<typeof selectedRange>[];
  userProps: Map<string, string>;
  scriptProps: Map<string, string>;
  fetches: FetchCall[];
  menus: { title: string; items: [string, string][] }[];
  sidebars: { file: string; title: string }[];
  respond: FetchHandler;
  /** CacheService.getUserCache(): values by key (expiry is not modelled). */
  cache?: Map<string, string>;
  /** SpreadsheetApp.flush() calls. */
  flushes?: number;
  /** The Google account's locale (Session.getActiveUserLocale) and the spreadsheet's; English by default. */
  userLocale?: string;
  spreadsheetLocale?: string;
  /** The spreadsheet's time zone (getSpreadsheetTimeZone); UTC by default. */
  timeZone?: string;
}

/**
 * Utilities.formatDate for the patterns Code.js uses ("yyyy-MM-dd'T'HH:mm:ss"): Java SimpleDateFormat
 * letters, quoted literals, the wall-clock time of `date` in `timeZone`.
 */
function formatDate(date: Date, timeZone: string, pattern: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const letters: Record<string, string> = { yyyy: parts.year, MM: parts.month, dd: parts.day, HH: parts.hour, mm: parts.minute, ss: parts.second };
  return pattern.replace(/'([^']*)'|yyyy|MM|dd|HH|mm|ss/g, (m, quoted: string | undefined) => (quoted !== undefined ? quoted : letters[m]));
}

function props(store: Map<string, string>) {
  return {
    getProperty: (k: string) => store.get(k) ?? null,
    setProperties: (p: Record<string, string>) => {
      for (const [k, v] of Object.entries(p)) store.set(k, v);
    },
    deleteProperty: (k: string) => {
      store.delete(k);
    },
  };
}

/** The globals Code.js runs against, bound to one mutable `world`. */
export function appsScriptGlobals(world: World) {
  const spreadsheet = {
    getName: () => 'Forecast',
    getId: () => '1FoReCaSt-spreadsheet-id',
    getSpreadsheetLocale: () => world.spreadsheetLocale ?? 'en_US',
    getSpreadsheetTimeZone: () => world.timeZone ?? 'Etc/UTC',
    getActiveRangeList: () => (world.selection.length ? { getRanges: () => world.selection } : null),
    getActiveSheet: () => world.active,
    getSheets: () => [...world.sheets.values()],
    getSheetByName: (name: string) => world.sheets.get(name) ?? null,
    insertSheet: (name: string) => {
      const sheet = new FakeSheet(name);
      world.sheets.set(name, sheet);
      return sheet;
    },
  };
  return {
    SpreadsheetApp: {
      getActiveSpreadsheet: () => spreadsheet,
      flush: () => void (world.flushes = (world.flushes ?? 0) + 1),
      getUi: () => ({
        createMenu: (title: string) => {
          const menu = { title, items: [] as [string, string][] };
          const builder = {
            addItem: (label: string, fn: string) => (menu.items.push([label, fn]), builder),
            addToUi: () => void world.menus.push(menu),
          };
          return builder;
        },
        showSidebar: (html: { file: string; title: string }) => void world.sidebars.push(html),
      }),
    },
    HtmlService: {
      createHtmlOutputFromFile: (file: string) => {
        const out = { file, title: '', setTitle: (t: string) => ((out.title = t), out) };
        return out;
      },
    },
    Session: { getActiveUserLocale: () => world.userLocale ?? 'en', getScriptTimeZone: () => 'Etc/UTC' },
    CacheService: {
      getUserCache: () => {
        const store = (world.cache ??= new Map());
        return {
          get: (k: string) => store.get(k) ?? null,
          put: (k: string, v: string, seconds: number) => {
            // The real limits: keys up to 250 characters, values up to 100 KB, at most 6 hours.
            if (k.length > 250 || v.length > 100_000 || seconds > 21_600) throw new Error(`CacheService.put refused ${k}`);
            store.set(k, v);
          },
          remove: (k: string) => void store.delete(k),
        };
      },
    },
    Utilities: {
      DigestAlgorithm: { SHA_256: 'sha256' },
      Charset: { UTF_8: 'utf8' },
      // Apps Script returns signed bytes.
      computeDigest: (alg: string, text: string) => [...createHash(alg).update(text, 'utf8').digest()].map((b) => (b > 127 ? b - 256 : b)),
      base64EncodeWebSafe: (bytes: number[]) => Buffer.from(bytes.map((b) => (b + 256) % 256)).toString('base64url') + '=',
      formatDate,
    },
    PropertiesService: { getUserProperties: () => props(world.userProps), getScriptProperties: () => props(world.scriptProps) },
    UrlFetchApp: {
      fetch: (url: string, options: { method: string; headers: Record<string, string>; payload?: string; muteHttpExceptions: boolean }) => {
        if (!options.muteHttpExceptions) throw new Error('Code.js must read HTTP errors itself (muteHttpExceptions)');
        const call = { url, method: options.method, headers: options.headers, body: options.payload ? JSON.parse(options.payload) : undefined };
        world.fetches.push(call);
        const res = world.respond(call);
        const text = res.body === undefined ? '' : typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        return { getResponseCode: () => res.status, getContentText: () => text };
      },
    },
  };
}
