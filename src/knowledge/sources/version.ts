import { basename } from 'node:path';

/**
 * A release found in a file name when the file itself names none: a date (`2025-01-03`,
 * `2025_10_03`, also in a parent folder such as `2023-01-27/`) or a `v1.0`-style token.
 */
export function versionFromPath(path: string): string | null {
  const date = /(20[0-9]{2})[-_]([01][0-9])[-_]([0-3][0-9])/.exec(path);
  if (date) return `${date[1]}-${date[2]}-${date[3]}`;
  const v = /(?:^|[^a-z])v([0-9]+(?:\.[0-9]+)+)/i.exec(basename(path));
  return v ? v[1]! : null;
}
