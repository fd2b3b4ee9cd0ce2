// Stand-in for office.js, run in the page before the task pane's own scripts (see office.ts). Plain
// browser JavaScript on purpose: it is injected as source text, untouched by any TypeScript transform.
// Reads its initial workbook from window.__standInInitial = { sheet, areas: [{ address, values, numberFormat? }] },
// with optional `displayLanguage` (Office's UI language, default en-US) and `without` (names of calls this
// "host" lacks, e.g. ['addHandlerAsync'], as an older Excel or a partial office.js would).
(() => {
  const initial = window.__standInInitial;
  const state = { sheet: initial.sheet, areas: initial.areas, handlers: [], settings: { ...(initial.settings || {}) } };
  const log = { writes: [], bold: [], addedSheets: [], opened: [], syncs: 0, selected: [], activated: [], hyperlinks: [], settings: {} };
  // The custom functions runtime (shared with the pane): associate() keeps each function so a test can
  // call it as Excel would (window.__customFunctions.ASK(...)).
  window.__customFunctions = {};
  window.CustomFunctions = {
    associate: (id, fn) => {
      window.__customFunctions[id] = fn;
    },
  };
  const noop = function () {
    return this;
  };
  const cells = (a) => a.values.length * (a.values[0] ? a.values[0].length : 0);

  function sheet(name) {
    return {
      name,
      load: noop,
      activate: () => {
        log.activated.push(name);
      },
      getRange(a1) {
        const anchor = {
          getCell: () => anchor,
          // Click-to-cell selects a range it got by address.
          select: () => {
            log.selected.push({ sheet: name, address: a1 });
          },
          getResizedRange: (rows, cols) => ({
            address: `${name}!${a1}`,
            load: noop,
            select: () => undefined,
            getCell: (row, col) => ({
              set hyperlink(h) {
                log.hyperlinks.push({ sheet: name, at: a1, row, col, address: h.address, textToDisplay: h.textToDisplay, screenTip: h.screenTip });
              },
            }),
            set values(values) {
              if (values.length !== rows + 1 || values.some((r) => r.length !== cols + 1)) {
                throw new Error('The number of rows or columns in the input array does not match the size of the range.');
              }
              log.writes.push({ sheet: name, at: a1, values });
            },
          }),
          getOffsetRange: (rowOffset) => ({
            getResizedRange: (_r, cols) => ({
              format: {
                font: {
                  set bold(v) {
                    if (v) log.bold.push({ sheet: name, rowOffset, columns: cols + 1 });
                  },
                },
              },
            }),
          }),
        };
        return anchor;
      },
    };
  }

  /** The top-left cell of "B2:D9" as Excel's zero-based rowIndex and columnIndex. */
  function corner(address) {
    const m = /^\$?([A-Z]+)\$?(\d+)/.exec(address);
    return { rowIndex: Number(m[2]) - 1, columnIndex: [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1 };
  }

  const workbook = {
    name: 'Forecast.xlsx',
    load: noop,
    getSelectedRanges() {
      const areas = state.areas.map((a) => ({
        address: `${state.sheet}!${a.address}`,
        // Zero-based, as Excel gives them: the pane sends an area by its corners (whole rows come as "3:3").
        ...corner(a.address),
        rowCount: a.values.length,
        columnCount: a.values[0] ? a.values[0].length : 0,
        values: a.values,
        numberFormat: a.numberFormat || a.values.map((r) => r.map(() => 'General')),
        load: noop,
      }));
      return {
        load: noop,
        address: areas.map((a) => a.address).join(','),
        areaCount: areas.length,
        cellCount: state.areas.reduce((n, a) => n + cells(a), 0),
        worksheet: { name: state.sheet },
        areas: { getItemAt: (i) => areas[i] },
      };
    },
    worksheets: {
      add(name) {
        log.addedSheets.push(name);
        return sheet(name);
      },
      getItem: (name) => sheet(name),
      getActiveWorksheet: () => sheet(state.sheet),
    },
  };

  window.__excel = log;
  // Lets a test change the selection the way a user would, firing the selection-changed handlers.
  window.__select = (areas) => {
    state.areas = areas;
    state.handlers.forEach((h) => h());
  };
  window.Excel = {
    run: async (batch) =>
      batch({
        workbook,
        sync: async () => {
          log.syncs += 1;
        },
      }),
  };
  const without = new Set(initial.without || []);
  window.Office = {
    EventType: { DocumentSelectionChanged: 'documentSelectionChanged' },
    onReady: (cb) =>
      Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' }).then(async (info) => {
        if (cb) await cb(info);
        return info;
      }),
    context: {
      displayLanguage: initial.displayLanguage || 'en-US',
      document: {
        // The workbook's own settings (Office.context.document.settings): saved ones are in log.settings.
        settings: {
          get: (key) => (key in state.settings ? state.settings[key] : null),
          set: (key, value) => {
            state.settings[key] = value;
          },
          saveAsync: (cb) => {
            log.settings = { ...state.settings };
            if (cb) cb({ status: 'succeeded' });
          },
        },
        addHandlerAsync: (_type, handler) => state.handlers.push(handler),
        removeHandlerAsync: (_type, opts) => {
          state.handlers = state.handlers.filter((h) => h !== opts.handler);
        },
      },
      ui: { openBrowserWindow: (url) => log.opened.push(url) },
    },
  };
  // Calls the test says this host lacks are simply absent, as they would be in an older office.js.
  if (without.has('addHandlerAsync')) delete window.Office.context.document.addHandlerAsync;
  if (without.has('Excel.run')) delete window.Excel.run;
})();
