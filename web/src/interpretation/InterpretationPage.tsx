import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { classKey } from './types';
import { CandidateEvidence } from './CandidateEvidence';
import { PhenotypeEditor } from './PhenotypeEditor';
import { useRequestRun, useRun, useRuns } from './queries';
import type { RunView } from './types';

const PHENOTYPE_EDITORS = ['hospital:clinician', 'data_center:analyst'];

/** A case's interpretation: HPO terms, runs, and the ranked candidates of the chosen run with their evidence. */
export function InterpretationPage() {
  const { t } = useTranslation('interpretation');
  const { id = '' } = useParams();
  const { state } = useSession();
  const principal = state.status === 'signed_in' ? state.me.principal : '';
  const runs = useRuns(id);
  const request = useRequestRun(id);
  const [chosen, setChosen] = useState<string | null>(null);
  const latest = runs.data?.items.find((r) => r.status === 'completed')?.id ?? null;
  const runId = chosen ?? latest;
  return (
    <section className="page">
      <p><Link to={`/cases/${encodeURIComponent(id)}`}>{t('back')}</Link></p>
      <h1>{t('title', { id })}</h1>
      <PhenotypeEditor caseId={id} canEdit={PHENOTYPE_EDITORS.includes(principal)} />
      <section className="card" aria-labelledby="runs-title">
        <h2 id="runs-title">{t('runs.title')}</h2>
        {runs.error && <ErrorMessage error={runs.error} />}
        {runs.data?.notReady && <p className="muted">{t('runs.notReady', { reason: runs.data.notReady })}</p>}
        {runs.data && runs.data.items.length === 0 && <p className="muted">{t('runs.none')}</p>}
        {runs.data && runs.data.items.length > 0 && (
          <label className="field">
            <span>{t('runs.choose')}</span>
            <select value={runId ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {runs.data.items.map((r) => <RunOption key={r.id} r={r} />)}
            </select>
          </label>
        )}
        {principal === 'data_center:analyst' && (
          <button type="button" className="btn" disabled={request.isPending || Boolean(runs.data?.notReady)} onClick={() => request.mutate()}>{t('runs.request')}</button>
        )}
        {request.isSuccess && <p className="muted" role="status">{t('runs.requested')}</p>}
        {request.error && <ErrorMessage error={request.error} />}
      </section>
      {runId && <RunResults runId={runId} />}
    </section>
  );
}

function RunOption({ r }: { r: RunView }) {
  const { t } = useTranslation('interpretation');
  const f = useFormat();
  return <option value={r.id}>{t('runs.option', { at: f.dateTime(r.createdAt), status: t(`status.${r.status}`), n: r.candidates ?? 0 })}</option>;
}

function RunResults({ runId }: { runId: string }) {
  const { t } = useTranslation('interpretation');
  const run = useRun(runId);
  const [open, setOpen] = useState<number | null>(1);
  if (run.error) return <ErrorMessage error={run.error} />;
  if (!run.data) return <p className="muted">{t('loading')}</p>;
  const { run: r, candidates } = run.data;
  return (
    <section className="card" aria-labelledby="candidates-title">
      <h2 id="candidates-title">{t('candidates.title')}</h2>
      <RunFacts r={r} />
      {candidates.length === 0 ? <p className="muted">{t('candidates.none')}</p> : (
        <table className="table candidates">
          <thead>
            <tr><th>{t('candidates.rank')}</th><th>{t('candidates.gene')}</th><th>{t('candidates.mode')}</th><th>{t('candidates.score')}</th><th>{t('candidates.variantScore')}</th><th>{t('candidates.phenotypeScore')}</th><th>{t('candidates.acmgClass')}</th><th>{t('candidates.variants')}</th></tr>
          </thead>
          <tbody>
            {candidates.map((c) => (
              <Fragment key={c.rank}>
                <tr className={open === c.rank ? 'selected' : undefined}>
                  <td>{c.rank}</td>
                  <td><button type="button" className="link" aria-expanded={open === c.rank} onClick={() => setOpen(open === c.rank ? null : c.rank)}><strong>{c.gene}</strong></button></td>
                  <td>{t(`mode.${c.mode}`)}</td>
                  <td>{c.score}</td>
                  <td>{c.variantScore}</td>
                  <td>{c.phenotypeScore ?? '—'}</td>
                  <td><span className={`badge class-${c.acmgClass.replace(/ /g, '-').toLowerCase()}`}>{t(`class.${classKey(c.acmgClass)}`)}</span></td>
                  <td>{c.variants.map((v) => v.hgvsp || v.hgvsc || `${v.chrom}:${v.pos1}`).join(', ')}</td>
                </tr>
                {open === c.rank && <tr><td colSpan={8}><CandidateEvidence c={c} run={r} /></td></tr>}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RunFacts({ r }: { r: RunView }) {
  const { t } = useTranslation('interpretation');
  const f = useFormat();
  return (
    <dl className="summary">
      <dt>{t('run.status')}</dt>
      <dd>{t(`status.${r.status}`)}{r.error && <code> {r.error.code}: {r.error.message}</code>}</dd>
      <dt>{t('run.knowledge')}</dt>
      <dd><code>{r.knowledge.id}</code> {t('run.curated', { v: r.knowledge.curatedVersion })} {r.knowledge.demo && <span className="badge">{t('run.demo')}</span>}</dd>
      <dt>{t('run.sources')}</dt>
      <dd>{Object.values(r.knowledge.sources).join('; ')}</dd>
      <dt>{t('run.pipeline')}</dt>
      <dd>{r.pipelineVersion}</dd>
      <dt>{t('run.family')}</dt>
      <dd>{r.family.map((m) => t('run.member', { who: t(`relationship.${m.relationship}`), sample: m.sampleId ?? t('run.notSequenced') })).join(' · ')}</dd>
      <dt>{t('run.hpo')}</dt>
      <dd>{r.hpoTerms.length > 0 ? r.hpoTerms.join(', ') : t('run.noHpo')}</dd>
      <dt>{t('run.at')}</dt>
      <dd>{f.dateTime(r.createdAt)}</dd>
    </dl>
  );
}
