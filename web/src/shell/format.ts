import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Dates and numbers through Intl in the active locale (STYLE §11); timestamps shown in Japan time. */
export interface Format {
  date(iso: string | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
  number(n: number | null | undefined, maxFractionDigits?: number): string;
}

export const TIME_ZONE = 'Asia/Tokyo';

export function makeFormat(language: string): Format {
  const locale = language === 'en' ? 'en-GB' : 'ja-JP';
  const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE,
  });
  const numberFmts = new Map<number, Intl.NumberFormat>();
  const numberFmt = (digits: number) => {
    let f = numberFmts.get(digits);
    if (!f) numberFmts.set(digits, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return f;
  };
  const parse = (iso: string) => {
    // A bare date (YYYY-MM-DD) is a calendar day, not UTC midnight: pin it to noon in Japan.
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00+09:00` : iso);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  return {
    date: (iso) => (iso ? (parse(iso) ? dateFmt.format(parse(iso)!) : iso) : '—'),
    dateTime: (iso) => (iso ? (parse(iso) ? dateTimeFmt.format(parse(iso)!) : iso) : '—'),
    number: (n, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? '—' : numberFmt(digits).format(n)),
  };
}

export function useFormat(): Format {
  const { i18n } = useTranslation();
  return useMemo(() => makeFormat(i18n.language), [i18n.language]);
}

/** Today's date in Japan as YYYY-MM-DD, the default for "signed on" and "collected" fields. */
export function todayInJapan(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
}
