import type { InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value'> & { type?: 'date' | 'datetime-local'; value: string };

/**
 * A date (or date-and-time) input in the UI's language. The `lang` attribute asks the browser to
 * format the native field in it, but Chromium draws the field in the browser's own locale
 * whatever the page says; so the chosen day is also written out in words in the UI language
 * (「2026年12月2日水曜日」 / "Wednesday 2 December 2026"), which leaves no day/month ambiguity.
 */
export function DateInput({ type = 'date', value, ...rest }: Props) {
  const { i18n } = useTranslation();
  const words = inWords(value, type, i18n.language);
  return (
    <>
      <input {...rest} type={type} lang={i18n.language === 'en' ? 'en-GB' : 'ja-JP'} value={value} />
      {words && (
        <span className="muted small date-words" aria-live="polite">
          {words}
        </span>
      )}
    </>
  );
}

/** The field's value (a wall-clock date or date-time, no zone) in words; '' when incomplete. */
export function inWords(value: string, type: 'date' | 'datetime-local', language: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return '';
  const [, y, mo, d, h = '0', mi = '0'] = m;
  const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)));
  const locale = language === 'en' ? 'en-GB' : 'ja-JP';
  const opts: Intl.DateTimeFormatOptions = type === 'date' ? { dateStyle: 'full', timeZone: 'UTC' } : { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, opts).format(at);
}
