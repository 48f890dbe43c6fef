import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useApi } from '../shell/use-api';
import type { CaseSequencing, GateMetric, ResultFile, SequencingRun } from './types';

const METRICS: GateMetric[] = ['meanCoverage', 'pctBases20x', 'pctBases30x', 'q30Pct', 'duplicationPct', 'contaminationPct', 'insertSizeMedianBp'];
/** The variant store's steps in order; a file's status marks how far it got. */
const STEPS = ['uploaded', 'queued', 'running', 'loaded'] as const;

/** Per-case "Sequencing & QC": each run's QC per gate, the result files and their pipeline progress. */
export function SequencingPanel({ caseId, showVariantsLink = true }: { caseId: string; showVariantsLink?: boolean }) {
  const { t } = useTranslation('intake');
  const seq = useApi<CaseSequencing>(`/cases/${encodeURIComponent(caseId)}/sequencing`);
  return (
    <section className="card" aria-labelledby="sequencing-title">
      <div className="page-head">
        <h2 id="sequencing-title">{t('panel.title')}</h2>
        {showVariantsLink && seq.data?.files.some((f) => f.pipelineStatus !== 'qc_failed' && f.kind !== 'germline_gvcf' && f.pipelineStatus !== 'uploaded') && (
          <Link to={`/cases/${encodeURIComponent(caseId)}/variants`}>{t('panel.variantsLink')}</Link>
        )}
      </div>
      <ErrorMessage error={seq.error} />
      {seq.loading && !seq.data && <p className="muted">{t('panel.loading')}</p>}
      {seq.data && seq.data.runs.length === 0 && <p className="muted">{t('panel.empty')}</p>}
      {seq.data?.resequencingRequests.filter((r) => r.status === 'open').map((r) => (
        <div key={r.id} className="alert alert-error" role="alert">
          <strong>{t('resequencing.title')}</strong>
          <ul>
            {r.items.map((i) => (
              <li key={i.runId}>
                <code>{i.runId}</code> {t(`specimenType.${i.specimenType}`)}: {i.reasons.join('; ')}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {seq.data?.runs.map((run) => <RunQc key={run.id} run={run} />)}
      {seq.data && seq.data.files.length > 0 && <FileTable files={seq.data.files} />}
    </section>
  );
}

function RunQc({ run }: { run: SequencingRun }) {
  const { t } = useTranslation('intake');
  const f = useFormat();
  const gateOf = (m: GateMetric) => run.gates.find((g) => g.metric === m);
  return (
    <div className="run-qc" data-run={run.id}>
      <h3>
        {t('run.title', { sampleName: run.sampleName, barcode: run.barcode })}{' '}
        <span className={`state state-qc_${run.qcStatus === 'pending' ? 'pending' : run.qcStatus}`}>{t(`qcStatus.${run.qcStatus}`)}</span>
      </h3>
      <dl className="summary">
        <dt>{t('run.platform')}</dt>
        <dd>
          {run.platform} · {t(run.pairedEnd ? 'run.readLength' : 'run.readLengthSingle', { bp: f.number(run.readLengthBp) })}
        </dd>
        <dt>{t('run.library')}</dt>
        <dd>
          {run.libraryPrep} · {t(`specimenType.${run.specimenType}`)}
        </dd>
        <dt>{t('run.pipeline')}</dt>
        <dd>
          <code>
            {run.pipeline.name} {run.pipeline.version}
          </code>
        </dd>
        <dt>{t('run.sequencedAt')}</dt>
        <dd>{f.dateTime(run.sequencedAt)}</dd>
      </dl>
      <table className="data-table qc-table">
        <thead>
          <tr>
            <th>{t('gate.metric')}</th>
            <th className="num">{t('gate.value')}</th>
            <th>{t('gate.threshold')}</th>
            <th>{t('gate.result')}</th>
          </tr>
        </thead>
        <tbody>
          {METRICS.map((m) => {
            const g = gateOf(m);
            return (
              <tr key={m} className={g && !g.passed ? 'overdue' : undefined}>
                <td>{t(`metric.${m}`)}</td>
                <td className="num">{f.number(run.qc[m], 2)}</td>
                <td>{g ? t(`gate.${g.op}`, { value: f.number(g.threshold, 2) }) : <span className="muted">{t('gate.notGated')}</span>}</td>
                <td>{g ? <strong>{t(g.passed ? 'gate.pass' : 'gate.fail')}</strong> : <span className="muted">—</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {run.references.length > 0 && (
        <>
          <h4>{t('run.references')}</h4>
          <ul className="refs">
            {run.references.map((r) => (
              <li key={r.id}>
                <code>{r.type}</code> <code>{r.uri}</code> <code className="muted small">{r.sha256}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function FileTable({ files }: { files: ResultFile[] }) {
  const { t } = useTranslation('intake');
  const f = useFormat();
  return (
    <>
      <h3>{t('files.title')}</h3>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('files.name')}</th>
            <th>{t('files.kind')}</th>
            <th>{t('files.sha256')}</th>
            <th className="num">{t('files.size')}</th>
            <th>{t('files.uploadedAt')}</th>
            <th>{t('files.progress')}</th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <tr key={file.id}>
              <td>
                <code>{file.fileName}</code>
                <div className="muted small">
                  {file.pipeline.name} {file.pipeline.version}
                </div>
              </td>
              <td>{t(`kind.${file.kind}`)}</td>
              <td>
                <code className="small">{file.sha256}</code>
              </td>
              <td className="num">{t('files.sizeBytes', { size: f.number(file.sizeBytes) })}</td>
              <td>{f.dateTime(file.uploadedAt)}</td>
              <td>
                <Progress file={file} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Progress({ file }: { file: ResultFile }) {
  const { t } = useTranslation('intake');
  const reached = STEPS.indexOf(file.pipelineStatus as (typeof STEPS)[number]);
  return (
    <div>
      <strong className={`pipeline pipeline-${file.pipelineStatus}`}>{t(`pipeline.${file.pipelineStatus}`)}</strong>
      {reached >= 0 && (
        <ol className="steps small" aria-label={t('pipeline.steps')}>
          {STEPS.map((s, i) => (
            <li key={s} className={i <= reached ? 'done' : 'todo'}>
              {t(`pipeline.${s}`)}
            </li>
          ))}
        </ol>
      )}
      {/* "interrupted" is said by the status word; its server note adds nothing for the reader */}
      {file.pipelineError && file.pipelineStatus !== 'interrupted' && <div className="alert-message small">{file.pipelineError}</div>}
      {file.replaceable && <div className="small">{t('pipeline.replaceable')}</div>}
    </div>
  );
}
