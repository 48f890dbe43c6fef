import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useHpoSearch, usePhenotype, useSetPhenotype } from './queries';
import type { HpoTerm } from './types';

/** The case's HPO terms: shown to every reader; searched, added and removed by those who may set them. */
export function PhenotypeEditor({ caseId, canEdit }: { caseId: string; canEdit: boolean }) {
  const { t } = useTranslation('interpretation');
  const f = useFormat();
  const current = usePhenotype(caseId);
  const save = useSetPhenotype(caseId);
  const [draft, setDraft] = useState<HpoTerm[] | null>(null);
  const { register, watch, reset } = useForm<{ q: string }>({ defaultValues: { q: '' } });
  const search = useHpoSearch(watch('q'));
  const terms = draft ?? current.data?.terms ?? [];
  const add = (term: HpoTerm) => {
    if (!terms.some((x) => x.id === term.id)) setDraft([...terms, term]);
    reset({ q: '' });
  };
  const submit = () => save.mutate(terms.map((x) => x.id), { onSuccess: () => setDraft(null) });
  return (
    <section className="card" aria-labelledby="phenotype-title">
      <h2 id="phenotype-title">{t('phenotype.title')}</h2>
      {current.error && <ErrorMessage error={current.error} />}
      {terms.length === 0 ? <p className="muted">{t('phenotype.none')}</p> : (
        <ul className="chips" aria-label={t('phenotype.title')}>
          {terms.map((x) => (
            <li key={x.id} className="chip yes">
              <code>{x.id}</code> {x.label ?? t('phenotype.unknownLabel')}
              {canEdit && <button type="button" className="link" aria-label={t('phenotype.remove', { id: x.id })} onClick={() => setDraft(terms.filter((y) => y.id !== x.id))}>×</button>}
            </li>
          ))}
        </ul>
      )}
      {current.data?.setAt && <p className="muted">{t('phenotype.setBy', { who: current.data.setBy, at: f.dateTime(current.data.setAt) })}</p>}
      {canEdit && (
        <div className="filters">
          <label className="field wide">
            <span>{t('phenotype.search')}</span>
            <input {...register('q')} placeholder={t('phenotype.searchPlaceholder')} autoComplete="off" />
          </label>
          {search.data && search.data.items.length > 0 && (
            <ul className="suggestions" aria-label={t('phenotype.suggestions')}>
              {search.data.items.map((s) => (
                <li key={s.id}><button type="button" className="link" onClick={() => add(s)}><code>{s.id}</code> {s.label}</button></li>
              ))}
            </ul>
          )}
          <button type="button" className="btn" disabled={draft === null || save.isPending} onClick={submit}>{t('phenotype.save')}</button>
        </div>
      )}
      {save.error && <ErrorMessage error={save.error} />}
    </section>
  );
}
