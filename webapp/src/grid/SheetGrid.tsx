import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { intlLocale } from '@intellio/i18n';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { CellValue } from './parseCells';
import type { RevealRequest } from './useTableData';
import { addCell, columnName, extendTo, fullRange, isSelected, moveFocus, selectCell, type Cell, type Selection } from './selection';

const ROW_HEIGHT = 28;
const COL_WIDTH = 120;
const HEADER_WIDTH = 56;
const OVERSCAN = 8;

const useStyles = makeStyles({
  viewport: {
    position: 'relative',
    height: '420px',
    overflow: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    fontSize: tokens.fontSizeBase200,
    userSelect: 'none',
    outlineStyle: 'none',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
    '@media (max-width: 600px)': { height: '320px' },
  },
  row: { position: 'absolute', left: 0, display: 'flex', height: `${ROW_HEIGHT}px` },
  head: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    display: 'flex',
    height: `${ROW_HEIGHT}px`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  corner: { left: 0, position: 'sticky', zIndex: 3 },
  cell: {
    flexShrink: 0,
    boxSizing: 'border-box',
    width: `${COL_WIDTH}px`,
    height: `${ROW_HEIGHT}px`,
    lineHeight: `${ROW_HEIGHT - 1}px`,
    padding: `0 ${tokens.spacingHorizontalS}`,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    cursor: 'cell',
  },
  number: { textAlign: 'right' },
  selected: { backgroundColor: tokens.colorBrandBackground2 },
  focus: { outline: `2px solid ${tokens.colorBrandStroke1}`, outlineOffset: '-2px' },
  rowHeader: {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    width: `${HEADER_WIDTH}px`,
    textAlign: 'right',
    color: tokens.colorNeutralForeground3,
    backgroundColor: tokens.colorNeutralBackground3,
    cursor: 'default',
  },
  colHeader: { textAlign: 'center', color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightSemibold, cursor: 'default' },
});

interface SheetGridProps {
  rows: CellValue[][];
  selection: Selection;
  onSelectionChange(selection: Selection): void;
  label: string;
  /** Scrolls this cell into view (grid and page) and focuses the grid, e.g. when an answer's [B2] is clicked. */
  revealed?: RevealRequest | null;
}

/** A cell as the sheet shows it; numbers grouped the way the app's language writes them. */
function display(value: CellValue, numbers: Intl.NumberFormat): string {
  if (value === null) return '';
  if (typeof value === 'number') return numbers.format(value);
  return String(value);
}

const ARROWS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/**
 * A spreadsheet-like grid: column letters, row numbers, and only the rows in view rendered (windowing with a
 * fixed row height), so 10,000 rows scroll like 10. Mouse: drag a range, shift-click to extend, ctrl/cmd-click
 * to add a range. Keyboard: arrows move, shift+arrows extend, ctrl/cmd+A selects everything.
 */
export function SheetGrid({ rows, selection, onSelectionChange, label, revealed }: SheetGridProps) {
  const styles = useStyles();
  const viewport = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(420);
  const cols = rows.reduce((max, r) => Math.max(max, r.length), 0);
  const numbers = new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 10 });
  const bounds = { rows: rows.length, cols };

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    const stop = () => (dragging.current = false);
    window.addEventListener('mouseup', stop);
    return () => {
      observer.disconnect();
      window.removeEventListener('mouseup', stop);
    };
  }, []);

  useEffect(() => {
    const el = viewport.current;
    if (!revealed || !el) return;
    reveal(revealed.cell);
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'center' });
    // Only a new request scrolls (`reveal` reads the viewport, not props).
  }, [revealed]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  /** Keeps the keyboard focus cell in view (rows are windowed, so the browser cannot do it for us). */
  function reveal(cell: Cell) {
    const el = viewport.current;
    if (!el) return;
    const top = (cell.row + 1) * ROW_HEIGHT;
    if (top < el.scrollTop + ROW_HEIGHT) el.scrollTop = top - ROW_HEIGHT;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    const left = HEADER_WIDTH + cell.col * COL_WIDTH;
    if (left < el.scrollLeft + HEADER_WIDTH) el.scrollLeft = left - HEADER_WIDTH;
    else if (left + COL_WIDTH > el.scrollLeft + el.clientWidth) el.scrollLeft = left + COL_WIDTH - el.clientWidth;
  }

  function handleMouseDown(event: MouseEvent, cell: Cell) {
    if (event.button !== 0) return;
    event.preventDefault();
    // The clicked cell is in view already: scrolling the page to show the whole grid would move the cells
    // under the pointer in the middle of a drag.
    viewport.current?.focus({ preventScroll: true });
    dragging.current = true;
    if (event.shiftKey) onSelectionChange(extendTo(selection, cell));
    else if (event.ctrlKey || event.metaKey) onSelectionChange(addCell(selection, cell));
    else onSelectionChange(selectCell(cell));
  }

  function handleMouseEnter(cell: Cell) {
    if (dragging.current) onSelectionChange(extendTo(selection, cell));
  }

  function handleKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!rows.length) return;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      const all = fullRange(bounds);
      onSelectionChange({ ranges: [all], anchor: all.start, focus: all.end });
      return;
    }
    const step = ARROWS[event.key];
    if (!step) return;
    event.preventDefault();
    const next = moveFocus(selection, step[0], step[1], bounds, event.shiftKey);
    onSelectionChange(next);
    reveal(next.focus);
  }

  const colIndexes = Array.from({ length: cols }, (_, i) => i);
  const width = HEADER_WIDTH + cols * COL_WIDTH;
  return (
    <div
      ref={viewport}
      className={styles.viewport}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={cols + 1}
      aria-multiselectable="true"
      tabIndex={0}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={handleKeyDown}
      data-testid="sheet-grid"
      // A short table gets a short box; long ones scroll inside the fixed height.
      style={{ maxHeight: (rows.length + 1) * ROW_HEIGHT + 2 + 16 }}
    >
      <div style={{ height: (rows.length + 1) * ROW_HEIGHT, width, position: 'relative' }}>
        <div className={styles.head} role="row" aria-rowindex={1} style={{ width }}>
          <div className={mergeClasses(styles.cell, styles.rowHeader, styles.corner)} role="columnheader" />
          {colIndexes.map((col) => (
            <div key={col} className={mergeClasses(styles.cell, styles.colHeader)} role="columnheader">
              {columnName(col)}
            </div>
          ))}
        </div>
        {rows.slice(first, last).map((values, offset) => {
          const row = first + offset;
          return (
            <div key={row} className={styles.row} role="row" aria-rowindex={row + 2} style={{ top: (row + 1) * ROW_HEIGHT, width }} data-row={row + 1}>
              <div className={mergeClasses(styles.cell, styles.rowHeader)} role="rowheader">
                {row + 1}
              </div>
              {colIndexes.map((col) => {
                const cell = { row, col };
                const value = values[col] ?? null;
                const selected = isSelected(selection, cell);
                const focused = selection.focus.row === row && selection.focus.col === col;
                return (
                  <div
                    key={col}
                    role="gridcell"
                    aria-selected={selected}
                    data-cell={`${columnName(col)}${row + 1}`}
                    className={mergeClasses(styles.cell, typeof value === 'number' && styles.number, selected && styles.selected, focused && styles.focus)}
                    onMouseDown={(e) => handleMouseDown(e, cell)}
                    onMouseEnter={() => handleMouseEnter(cell)}
                  >
                    {display(value, numbers)}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
