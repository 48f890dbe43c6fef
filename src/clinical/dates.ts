import { invalidInput } from '../errors.js';

/**
 * FHIR date/dateTime/instant values as the instant range [lo, hi) they cover, so that
 * `date=2016-03` finds 2016-03-28 and `2016-03-28T09:30` alike (FHIR R4 search §3.1.1.4.2.2).
 * Values without a time zone are read as UTC, as a date-only value has none to give.
 */
const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

export interface DateRange { lo: Date; hi: Date }

export function dateRange(value: string): DateRange | undefined {
  const m = FHIR_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  if (h === undefined) {
    const lo = new Date(Date.UTC(Number(y), mo ? Number(mo) - 1 : 0, d ? Number(d) : 1));
    const hi = new Date(lo);
    if (d) hi.setUTCDate(hi.getUTCDate() + 1);
    else if (mo) hi.setUTCMonth(hi.getUTCMonth() + 1);
    else hi.setUTCFullYear(hi.getUTCFullYear() + 1);
    return { lo, hi };
  }
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${tz ?? 'Z'}`;
  const lo = new Date(iso);
  if (Number.isNaN(lo.getTime())) return undefined;
  const stepMs = frac ? 1 : s ? 1000 : 60_000;
  return { lo, hi: new Date(lo.getTime() + stepMs) };
}

/** A date-valued element (date, dateTime, instant, Period) as a range; open ends are ±infinity. */
export function elementRange(value: unknown): { lo: Date | null; hi: Date | null } | undefined {
  if (typeof value === 'string') return dateRange(value);
  if (typeof value === 'object' && value !== null && ('start' in value || 'end' in value)) {
    const p = value as { start?: string; end?: string };
    return { lo: p.start ? dateRange(p.start)?.lo ?? null : null, hi: p.end ? dateRange(p.end)?.hi ?? null : null };
  }
  return undefined;
}

const PREFIXES = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'sa', 'eb'] as const;
export type DatePrefix = (typeof PREFIXES)[number];

/** A date search value such as `ge2016-03` → prefix and range; bad values are 400 naming the parameter. */
export function parseDateParam(param: string, raw: string): { prefix: DatePrefix; range: DateRange } {
  const prefix = (PREFIXES as readonly string[]).includes(raw.slice(0, 2)) ? (raw.slice(0, 2) as DatePrefix) : 'eq';
  const value = prefix === 'eq' && !raw.startsWith('eq') ? raw : raw.slice(2);
  const range = dateRange(value);
  if (!range) throw invalidInput('INVALID_SEARCH', `${param}: ${JSON.stringify(raw)} is not a FHIR date search value`, { field: param, rule: 'format' });
  return { prefix, range };
}
