/**
 * Rich text from helpers: markdown rendered to HTML by `marked`, so a helper can put a formatted
 * table or note into the page (`plot.html(markdownToHtml(...))`) even where the front end would not
 * render markdown output.
 */
import { marked } from 'marked';

/** Markdown → HTML (GitHub-flavoured: tables, fenced code). */
export function markdownToHtml(text: string): string {
  return marked.parse(text, { async: false, gfm: true });
}

/** A markdown table from a header row and rows of cells (numbers formatted with `digits`). */
export function markdownTable(header: string[], rows: (string | number)[][], digits = 4): string {
  const cell = (v: string | number): string =>
    typeof v === 'number'
      ? Number.isInteger(v)
        ? String(v)
        : v.toPrecision(digits)
      : v.replace(/\|/g, '\\|');
  rows.forEach((r, i) => {
    if (r.length !== header.length)
      throw new Error(`markdownTable: row ${i} has ${r.length} cells, the header has ${header.length}`);
  });
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}
