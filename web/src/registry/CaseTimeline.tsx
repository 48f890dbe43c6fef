import { useTranslation } from 'react-i18next';
import { useFormat } from '../shell/format';
import { useOrganisations } from '../shell/organisations';
import type { CaseEvent } from './types';

/** Lifecycle events, newest first: each move with its time, who made it and the note. */
export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const { t } = useTranslation('registry');
  const f = useFormat();
  const orgs = useOrganisations();
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
            {e.note && <span className="timeline-note">{e.note}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
