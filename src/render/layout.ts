/**
 * How wide the table may be. A terminal gives its width; a pipe or a file has none, and then lines
 * are kept whole (no wrapping), so `grep` and spreadsheets see full text.
 */

/** The narrowest width we lay out for (tables fit from about 60 columns; narrower, rows overflow rather than break). */
export const MIN_WIDTH = 40;

/** null: no limit (piped, or written to a file). */
export type Width = number | null;

export function usableWidth(columns: number | undefined, isTerminal: boolean): Width {
  if (!isTerminal) return null;
  // Terminals that report 0 or nothing (script, docker -t from a pipe): assume the classic 80.
  if (columns === undefined || !Number.isFinite(columns) || columns <= 0) return 80;
  return Math.max(MIN_WIDTH, Math.floor(columns));
}

/**
 * Widths for a cli-table3 table whose last column takes what is left and wraps. `fixed` are the
 * content widths of the other columns (null: as wide as their content, measured by the caller).
 * Returns undefined when there is no limit, so the table sizes itself.
 */
export function lastColumnWidth(width: Width, fixed: readonly number[], minimum = 16): number | undefined {
  if (width === null) return undefined;
  // cli-table3 adds one border per column plus one, and a padding of 1 on each side of each cell.
  const used = fixed.reduce((sum, columnWidth) => sum + columnWidth + 2, 0) + fixed.length + 2;
  return Math.max(minimum, width - used - 2);
}

/**
 * `text` (plain: no escape sequences) broken at spaces into lines of at most `width` columns, the
 * lines after the first indented by `indent` spaces; a word longer than a line stays whole. With no
 * width (piped, a file) the text stays one line. Lines a terminal wraps break mid-word.
 */
export function wrapWords(text: string, width: Width, indent = 2): string {
  if (width === null || text.length <= width) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const room = width - (lines.length === 0 ? 0 : indent);
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.map((part, i) => (i === 0 ? part : `${' '.repeat(indent)}${part}`)).join('\n');
}
