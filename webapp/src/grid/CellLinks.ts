/**
 * Lets an answer's cell citations ([B2], [Sheet1!C4]) select their cells in the project's table. The project
 * page provides it; elsewhere (no table on screen) there is none and the citations say so.
 */
import type { TFunction } from 'i18next';
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


/**
 * The table's side of it: the cited cells are selected only when that very table and sheet are open. `t`
 * words the reasons it could not in the active language.
 */
export function cellLinksFor(table: Pick<TableData, 'source' | 'selectRange'>, t: TFunction): CellLinks {
  const where = (workbook: string | undefined, sheet: string) => (workbook ? t('grid.cellLinks.where', { workbook, sheet }) : sheet);
  return {
    select(target) {
      const { source } = table;
      const { address } = target;
      const range = parseA1Range(address);
      if (!range) return t('grid.cellLinks.notAddress', { address });
      if (!source) return t('grid.cellLinks.openFirst', { address, where: where(target.workbook, target.sheet) });
      if ((target.workbook && target.workbook !== source.name) || target.sheet !== source.sheet) {
        return t('grid.cellLinks.elsewhere', { address, where: where(target.workbook, target.sheet), shown: where(source.name, source.sheet) });
      }
      const cols = source.rows.reduce((max, r) => Math.max(max, r.length), 0);
      if (!rangeFits(range, { rows: source.rows.length, cols })) return t('grid.cellLinks.outside', { address });
      table.selectRange(range);
      return null;
    },
  };
}
