import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../shell/format';
import { useOrganisations } from '../shell/organisations';
import type { CaseEvent } from './types';

/** Lifecycle events, newest first: each move with its time, who made it and the note. */
export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const { t, i18n } = useTranslation('registry');
  const f = useFormat();
  const orgs = useOrganisations();
  const note = (e: CaseEvent) => noteText(t, (k) => i18n.exists(k), e, orgs.name);
  // Newest first; moves made in one transaction share a timestamp, so ties keep the server's order reversed.
  const ordered = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => new Date(b.e.at).getTime() - new Date(a.e.at).getTime() || b.i - a.i)
    .map(({ e }) => e);
  return (
    <section className="card">
      <h2>{t('timeline.title')}</h2>
      {ordered.length === 0 && <p className="muted">{t('timeline.empty')}</p>}
      <ol className="timeline">
        {ordered.map((e, i) => (
          <li key={`${e.at}-${i}`}>
            <time dateTime={e.at}>{f.dateTime(e.at)}</time>
            <span className="timeline-move">
              {e.fromState ? t('timeline.move', { from: t(`state.${e.fromState}`), to: t(`state.${e.toState}`) }) : t(`state.${e.toState}`)}
            </span>
            {e.actorOrgId && (
              <span className="muted small" title={e.actorId ?? undefined}>
                {t('timeline.by', { actor: orgs.name(e.actorOrgId) })}
              </span>
            )}
            {note(e) && <span className="timeline-note">{note(e)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * The event's note in the reader's language when the server sent what it was about (details), with
 * the person's own words (a withdrawal's note) after it; otherwise the server's note as written.
 */
function noteText(t: TFunction, exists: (key: string) => boolean, e: CaseEvent, orgName: (id: string) => string): string | null {
  const d = e.details;
  if (!d || !exists(`registry:timeline.note.${d.kind}`)) return e.note;
  const values = {
    ...d,
    specimenType: typeof d.specimenType === 'string' ? t(`specimens:type.${d.specimenType}`, { defaultValue: d.specimenType }) : '',
    toOrg: typeof d.toOrgId === 'string' ? orgName(d.toOrgId) : '',
  };
  const text = t(`timeline.note.${d.kind}`, values);
  return typeof d.note === 'string' && d.note ? t('timeline.withNote', { text, note: d.note }) : text;
}
