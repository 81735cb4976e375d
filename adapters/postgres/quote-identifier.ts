/**
 * An SQL identifier in double quotes, inner quotes doubled (what pg's `escapeIdentifier` does), so schema and
 * channel names can be built without loading pg.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
