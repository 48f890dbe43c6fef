/**
 * Counts of other people's samples, under the small-count rule (DESIGN §6: KIBAN_MIN_CELL_SIZE,
 * default 10) and safe against differencing (issue 8, docs/consent-withdrawal.md#small-counts):
 *
 * - 0 is shown (it says nothing about anyone); 1 … min − 1 is suppressed (null, "fewer than min").
 * - Any other count is rounded down to a multiple of COUNT_ROUNDING_BASE, so that the same query
 *   before and after one sample is loaded gives the same answer unless it crosses a multiple, and
 *   never the exact difference of one.
 * - Beside a list of carriers the caller can see (GET /api/variant-carriers), the platform count is
 *   also suppressed when the carriers the caller cannot see number 1 … min − 1: rounding alone
 *   would still let "11 on the platform, 10 of them yours" become "at most one elsewhere" once
 *   rounding is undone by a second query; suppression gives nothing to subtract from.
 */
export const COUNT_ROUNDING_BASE = 5;

/** The base actually used: never above the minimum cell size, so a shown count never rounds below it. */
export function roundingBase(minCellSize: number): number {
  return Math.max(1, Math.min(COUNT_ROUNDING_BASE, minCellSize));
}

export function suppressSmallCount(n: number, minCellSize: number): number | null {
  if (n === 0) return 0;
  if (n < minCellSize) return null;
  const base = roundingBase(minCellSize);
  return Math.floor(n / base) * base;
}

/** The platform count shown beside `visible` carriers the caller may see (a subset of the `total`). */
export function platformCount(total: number, visible: number, minCellSize: number): number | null {
  const hidden = total - visible;
  if (hidden > 0 && hidden < minCellSize) return null;
  return suppressSmallCount(total, minCellSize);
}
