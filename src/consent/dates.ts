import { invalidInput } from '../errors.js';

/**
 * Consent forms carry calendar dates as written on paper in Japan, so "today" is today in Japan
 * (UTC+9, no daylight saving), whatever the server's time zone.
 */
export function todayInJapan(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** A YYYY-MM-DD that names a real day, not later than today in Japan. */
export function checkPastDate(value: string, field: string, now: Date = new Date()): void {
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw invalidInput('INVALID_INPUT', `${field}: ${value} is not a calendar date`, { field, rule: 'format' });
  }
  const today = todayInJapan(now);
  if (value > today) throw invalidInput('INVALID_INPUT', `${field}: ${value} is in the future (today is ${today} in Japan)`, { field, rule: 'maximum' });
}
