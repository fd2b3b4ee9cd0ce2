import { useCallback, useState } from 'react';
import type { CellValue } from './parseCells';
import { selectCell, type Cell, type Range, type Selection } from './selection';

export interface TableSource {
  /** What the grid shows: a document's file name or "Pasted cells". */
  name: string;
  sheet: string;
  rows: CellValue[][];
}

/** A request to scroll a cell into view; `seq` changes with every request, so the same cell twice scrolls twice. */
export interface RevealRequest {
  cell: Cell;
  seq: number;
}

/** The table section's data and selection, lifted so the analyse panel can read both (and select cited cells). */
export function useTableData() {
  const [source, setSource] = useState<TableSource | null>(null);
  const [selection, setSelection] = useState<Selection>(selectCell({ row: 0, col: 0 }));
  const [revealed, setRevealed] = useState<RevealRequest | null>(null);
  function load(next: TableSource) {
    setSource(next);
    setSelection(selectCell({ row: 0, col: 0 }));
  }
  /** Selects `range` as the whole selection and brings it into view. */
  const selectRange = useCallback((range: Range) => {
    setSelection({ ranges: [range], anchor: range.start, focus: range.start });
    setRevealed((r) => ({ cell: range.start, seq: (r?.seq ?? 0) + 1 }));
  }, []);
  return { source, selection, setSelection, load, selectRange, revealed };
}

export type TableData = ReturnType<typeof useTableData>;
