/**
 * Lets an answer's cell citations ([B2], [Sheet1!C4]) select their cells in the project's table. The project
 * page provides it; elsewhere (no table on screen) there is none and the citations say so.
 */
import { createContext, useContext } from 'react';
import { parseA1Range, rangeFits } from './a1';
import type { TableData } from './useTableData';

/** Where a cited cell lives: the analysed table (its workbook = the file name, its sheet) and the address. */
export interface CellTarget {
  workbook?: string;
  sheet: string;
  address: string;
}

export interface CellLinks {
  /** Selects and reveals the cells; returns null when done, else a sentence saying why it could not. */
  select(target: CellTarget): string | null;
}

export const CellLinksContext = createContext<CellLinks | null>(null);

export function useCellLinks(): CellLinks | null {
  return useContext(CellLinksContext);
}

const where = (t: CellTarget) => (t.workbook ? `${t.workbook} (${t.sheet})` : t.sheet);

/** The table's side of it: the cited cells are selected only when that very table and sheet are open. */
export function cellLinksFor(table: Pick<TableData, 'source' | 'selectRange'>): CellLinks {
  return {
    select(target) {
      const { source } = table;
      const range = parseA1Range(target.address);
      if (!range) return `${target.address} is not a cell address.`;
      if (!source) return `Open ${where(target)} in the table above to see ${target.address}.`;
      if ((target.workbook && target.workbook !== source.name) || target.sheet !== source.sheet) {
        return `${target.address} is in ${where(target)}; the table shows ${source.name} (${source.sheet}).`;
      }
      const cols = source.rows.reduce((max, r) => Math.max(max, r.length), 0);
      if (!rangeFits(range, { rows: source.rows.length, cols })) return `${target.address} lies outside the table.`;
      table.selectRange(range);
      return null;
    },
  };
}
