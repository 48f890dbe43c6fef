import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useGet } from '../shell/query';
import type { CaseSequencing, ResultFile, SequencingRun } from '../intake/types';
import type { ShipmentDetail } from '../specimens/types';
import { FileStatusTable } from './FileStatusTable';
import { RunForm } from './RunForm';
import { UploadForm } from './UploadForm';

/** Ingest moves on its own after an upload: refresh while a file is on its way. */
const IN_FLIGHT = new Set(['uploaded', 'queued', 'running', 'normalising', 'annotating', 'loading']);
const POLL_MS = 3000;

/**
 * A case as its sequencing company works it: register a run for the specimen it received, upload
 * the result VCF, follow each file through QC and ingest, and replace a file that failed.
 */
export function CaseSequencingPage() {
  const { t } = useTranslation('sequencing');
  const { t: tRegistry } = useTranslation('registry');
  const { t: tSpecimens } = useTranslation('specimens');
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const shipmentId = params.get('shipment');
  const [specimenId, setSpecimenId] = useState(params.get('specimen'));
  const path = `/cases/${encodeURIComponent(id)}/sequencing`;
  const [polling, setPolling] = useState(false);
  const seq = useGet<CaseSequencing>(path, {}, { refetchIntervalMs: polling ? POLL_MS : false });
  const [replacing, setReplacing] = useState<ResultFile | null>(null);
  const d = seq.data;
  const inFlight = Boolean(d?.files.some((f) => IN_FLIGHT.has(f.pipelineStatus)));
  if (inFlight !== polling) setPolling(inFlight);
  const runFor = specimenId ? d?.runs.filter((r) => r.specimenId === specimenId) : [];
  // The specimens of this case that arrived in the shipment the lab came from, each to be sequenced.
  const shipment = useGet<ShipmentDetail>(shipmentId ? `/shipments/${encodeURIComponent(shipmentId)}` : null);
  const arrived = shipment.data?.items.filter((i) => i.caseId === id && i.checkResult === 'ok') ?? [];
  const withoutRun = arrived.filter((i) => !d?.runs.some((r) => r.specimenId === i.specimenId));
  const acceptsRuns = d?.state === 'received' || d?.state === 'sequenced' || d?.state === 'qc_failed';
  const acceptsFiles = d?.state === 'sequenced';
  return (
    <section className="page">
      <p><Link to="/sequencing">{t('case.back')}</Link></p>
      <div className="page-head">
        <h1>{t('case.title', { id })}</h1>
        {d && <span className={`state state-${d.state}`}>{tRegistry(`state.${d.state}`)}</span>}
      </div>
      <ErrorMessage error={seq.error} />
      {seq.isPending && <p className="muted">{t('case.loading')}</p>}
      {d && (
        <>
          <p className="muted">{t(`case.next.${nextStep(d.state)}`)}</p>
          {acceptsRuns && withoutRun.length > 1 && (
            <div className="card specimen-pick" role="group" aria-label={t('run.pickSpecimen')}>
              <span>{t('run.pickSpecimen')}</span>{' '}
              {withoutRun.map((i) => (
                <button key={i.specimenId} type="button" className={i.specimenId === specimenId ? undefined : 'secondary'} onClick={() => setSpecimenId(i.specimenId)}>
                  {t('run.specimenButton', { barcode: i.barcode, type: tSpecimens(`type.${i.type}`) })}
                </button>
              ))}
            </div>
          )}
          {specimenId && acceptsRuns && runFor?.length === 0 && (
            <RunForm key={specimenId} caseId={id} specimenId={specimenId} specimenLabel={arrived.find((i) => i.specimenId === specimenId)?.barcode ?? specimenId}
              onCreated={() => setSpecimenId(withoutRun.find((i) => i.specimenId !== specimenId)?.specimenId ?? null)} />
          )}
          <RunsTable runs={d.runs} />
          {acceptsFiles && d.runs.length > 0 && (
            <UploadForm key={replacing?.id ?? d.runs.map((r) => r.id).join()} caseId={id} runs={d.runs.filter((r) => r.qcStatus !== 'failed')} replacing={replacing} onDone={() => setReplacing(null)} />
          )}
          <section className="card" aria-labelledby="files-title">
            <h2 id="files-title">{t('files.title')}</h2>
            <FileStatusTable files={d.files} canReplace={acceptsFiles} onReplace={setReplacing} />
          </section>
        </>
      )}
    </section>
  );
}

function nextStep(state: string): string {
  if (state === 'received') return 'registerRun';
  if (state === 'sequenced') return 'upload';
  if (state === 'qc_failed') return 'resequence';
  if (state === 'data_received' || state === 'qc_passed') return 'inPipeline';
  return 'other';
}

function RunsTable({ runs }: { runs: SequencingRun[] }) {
  const { t } = useTranslation('sequencing');
  const f = useFormat();
  return (
    <section className="card" aria-labelledby="runs-title">
      <h2 id="runs-title">{t('runs.title')}</h2>
      {runs.length === 0 ? <p className="muted">{t('runs.empty')}</p> : (
        <table className="data-table runs">
          <thead>
            <tr>
              <th>{t('runs.sampleName')}</th>
              <th>{t('runs.specimen')}</th>
              <th>{t('runs.platform')}</th>
              <th>{t('runs.sequencedAt')}</th>
              <th className="num">{t('metric.meanCoverage')}</th>
              <th>{t('runs.qc')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-run={r.id}>
                <td><code>{r.sampleName}</code></td>
                <td><code>{r.barcode}</code></td>
                <td>{r.platform}</td>
                <td>{f.dateTime(r.sequencedAt)}</td>
                <td className="num">{f.number(r.qc.meanCoverage, 1)}</td>
                <td>
                  <strong>{t(`qcStatus.${r.qcStatus}`)}</strong>
                  {r.gates.filter((g) => !g.passed).map((g) => (
                    <div key={g.metric} className="small">{t('runs.failedGate', { metric: t(`metric.${g.metric}`), value: f.number(g.value, 2), threshold: f.number(g.threshold, 2) })}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
