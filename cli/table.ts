// Rows as an aligned text table with a header, for listing commands.

/** Pads each column to its widest cell; line breaks in cells become spaces. */
export function formatTable(header: string[], rows: (string | null | undefined)[][]): string[] {
  const cells = [header, ...rows.map((r) => header.map((_, i) => (r[i] ?? '').replace(/\s+/g, ' ')))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)];
}
