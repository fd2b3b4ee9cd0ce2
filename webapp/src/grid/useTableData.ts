import { useState } from 'react';
import type { CellValue } from './parseCells';
import { selectCell, type Selection } from './selection';

export interface TableSource {
  /** What the grid shows: a document's file name or "Pasted cells". */
  name: string;
  sheet: string;
  rows: CellValue[][];
}

/** The table section's data and selection, lifted so the analyse panel can read both. */
export function useTableData() {
  const [source, setSource] = useState<TableSource | null>(null);
  const [selection, setSelection] = useState<Selection>(selectCell({ row: 0, col: 0 }));
  function load(next: TableSource) {
    setSource(next);
    setSelection(selectCell({ row: 0, col: 0 }));
  }
  return { source, selection, setSelection, load };
}

export type TableData = ReturnType<typeof useTableData>;
