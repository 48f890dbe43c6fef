import { useTranslation } from 'react-i18next';
import { useFormat } from '../shell/format';
import { classKey } from './types';
import type { Candidate, CandidateVariant, RunView } from './types';

/** Why a candidate ranks where it does: mode, each variant's ACMG criteria with evidence, population, ClinVar, genotypes, and the phenotype match. */
export function CandidateEvidence({ c, run }: { c: Candidate; run: RunView }) {
  const { t } = useTranslation('interpretation');
  return (
    <div className="evidence">
      <h3>{t('evidence.why')}</h3>
      <p>{t('evidence.score', { score: c.score, variant: c.variantScore, phenotype: c.phenotypeScore ?? t('evidence.noPhenotype') })}</p>
      <ol className="explanation" aria-label={t('evidence.engine')}>
        {c.explanation.map((line, i) => <li key={i}><code>{line}</code></li>)}
      </ol>
      {c.variants.map((v) => <VariantEvidence key={v.key} v={v} run={run} />)}
      {c.phenotype && (
        <>
          <h3>{t('evidence.phenotypeTitle', { score: c.phenotype.score, resnik: c.phenotype.resnik })}</h3>
          <table className="table">
            <thead><tr><th>{t('evidence.query')}</th><th>{t('evidence.geneTerm')}</th><th>{t('evidence.mica')}</th><th>{t('evidence.ic')}</th></tr></thead>
            <tbody>
              {c.phenotype.matches.map((m) => (
                <tr key={m.query}><td><code>{m.query}</code> {m.queryLabel}</td><td><code>{m.geneTerm}</code></td><td><code>{m.mica}</code> {m.micaLabel}</td><td>{m.ic}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function VariantEvidence({ v, run }: { v: CandidateVariant; run: RunView }) {
  const { t } = useTranslation('interpretation');
  const f = useFormat();
  return (
    <div className="variant-evidence">
      <h3><code>{`${v.chrom}:${v.pos1} ${v.ref}>${v.alt}`}</code> {v.hgvsp || v.hgvsc} <span className="muted">{v.consequence}</span></h3>
      <dl className="summary">
        <dt>{t('evidence.acmg')}</dt>
        <dd>{v.acmg ? t('evidence.acmgValue', { cls: t(`class.${classKey(v.acmg.acmgClass)}`), rule: v.acmg.rule, points: v.acmg.points, pointsClass: t(`class.${classKey(v.acmg.pointsClass)}`) }) : '—'}</dd>
        <dt>{t('evidence.population')}</dt>
        <dd>{v.af === null ? t('evidence.unseen') : f.number(v.af, 6)}</dd>
        <dt>{t('evidence.clinvar')}</dt>
        <dd>{v.clinvar ?? t('evidence.notInClinvar')}</dd>
        <dt>{t('evidence.genotypes')}</dt>
        <dd>{run.family.filter((m) => m.sampleId && v.calls[m.sampleId]).map((m) => t('evidence.genotype', { who: t(`relationship.${m.relationship}`), gt: v.calls[m.sampleId!]!.gt })).join(' · ')}</dd>
      </dl>
      <table className="table criteria">
        <caption>{t('evidence.criteria')}</caption>
        <thead><tr><th>{t('criterion.code')}</th><th>{t('criterion.met')}</th><th>{t('criterion.strength')}</th><th>{t('criterion.evidence')}</th><th>{t('criterion.source')}</th></tr></thead>
        <tbody>
          {(v.acmgCriteria ?? []).map((c) => (
            <tr key={c.code} className={c.met ? 'met' : 'muted'}>
              <td><code>{c.code}</code></td>
              <td>{c.met ? t('criterion.yes') : t('criterion.no')}</td>
              <td>{t(`strength.${c.strength}`)}</td>
              <td>{c.evidence}</td>
              <td>{c.source ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
