/** Ascending page numbers as a reader writes them, runs joined: "p. 4", "pp. 2, 5–7". */
export function pageList(pages: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < pages.length; ) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j] + 1) j++;
    runs.push(j > i ? `${pages[i]}–${pages[j]}` : `${pages[i]}`);
    i = j + 1;
  }
  return `${pages.length === 1 ? 'p.' : 'pp.'} ${runs.join(', ')}`;
}
