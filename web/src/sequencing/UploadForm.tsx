import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../api';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import type { ResultFile, SequencingRun } from '../intake/types';
import { sha256OfFile } from './hash';
import { uploadFile, type UploadResult } from './upload';

const KINDS = ['germline_vcf', 'germline_gvcf', 'somatic_vcf'] as const;
const CALLERS = ['mutect2', 'strelka2'] as const;
/** Product names, the same in every language. */
const CALLER_NAMES = { mutect2: 'GATK Mutect2', strelka2: 'Strelka2' } as const;

interface UploadValues {
  kind: ResultFile['kind'];
  caller: '' | (typeof CALLERS)[number];
  runIds: string[];
  files: FileList | null;
}

type Stage = { step: 'idle' } | { step: 'hashing' | 'uploading'; doneBytes: number; totalBytes: number } | { step: 'done'; result: UploadResult };

/** The server accepts [A-Za-z0-9._-] in file names; anything else becomes "_". */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 255) || 'result.vcf';
}

/**
 * Uploads a result VCF: its SHA-256 is computed here first (incrementally, so a multi-GB file is
 * never held in memory), then the file is sent with it and the server checks it as it streams.
 * `replacing` pre-fills the form from the file it replaces.
 */
export function UploadForm({ caseId, runs, replacing, onDone }: { caseId: string; runs: SequencingRun[]; replacing?: ResultFile | null; onDone?(): void }) {
  const { t } = useTranslation('sequencing');
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [error, setError] = useState<unknown>(null);
  const abortRef = useRef<() => void>(() => undefined);
  const { register, handleSubmit, watch, formState: { errors } } = useForm<UploadValues>({
    defaultValues: {
      kind: replacing?.kind ?? 'germline_vcf', caller: replacing?.caller ?? '',
      runIds: replacing?.runIds ?? runs.filter((r) => r.qcStatus === 'pending').map((r) => r.id), files: null,
    },
  });
  const kind = watch('kind');
  const busy = stage.step === 'hashing' || stage.step === 'uploading';

  const submit = async (v: UploadValues) => {
    const file = v.files?.[0];
    if (!file) return;
    setError(null);
    const ctrl = new AbortController();
    abortRef.current = () => ctrl.abort();
    try {
      setStage({ step: 'hashing', doneBytes: 0, totalBytes: file.size });
      const sha256 = await sha256OfFile(file, (doneBytes) => setStage({ step: 'hashing', doneBytes, totalBytes: file.size }), ctrl.signal);
      setStage({ step: 'uploading', doneBytes: 0, totalBytes: file.size });
      const query = { kind: v.kind, runIds: v.runIds.join(','), fileName: safeFileName(file.name), ...(v.kind === 'somatic_vcf' && v.caller ? { caller: v.caller } : {}) };
      const upload = uploadFile(caseId, query, file, sha256, (doneBytes) => setStage({ step: 'uploading', doneBytes, totalBytes: file.size }));
      abortRef.current = upload.abort;
      const result = await upload.done;
      setStage({ step: 'done', result });
      await queryClient.invalidateQueries({ queryKey: [`/cases/${encodeURIComponent(caseId)}/sequencing`] });
      onDone?.();
    } catch (err) {
      setStage({ step: 'idle' });
      if (!isAbort(err) && !(err instanceof DOMException && err.name === 'AbortError')) setError(err);
    }
  };

  return (
    <form className="card upload-form" onSubmit={handleSubmit(submit)} noValidate aria-labelledby="upload-title">
      <h2 id="upload-title">{t(replacing ? 'upload.replaceTitle' : 'upload.title')}</h2>
      {replacing && <p className="muted">{t('upload.replaceHelp', { fileName: replacing.fileName })}</p>}
      <ErrorMessage error={error} />
      <div className="row">
        <label className="field">
          <span className="required">{t('upload.kind')}</span>
          <select {...register('kind')} disabled={busy}>
            {KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
          </select>
        </label>
        {kind === 'somatic_vcf' && (
          <label className="field">
            <span className="required">{t('upload.caller')}</span>
            <select {...register('caller', { validate: (c) => kind !== 'somatic_vcf' || c !== '' || t('form.required') })} disabled={busy}>
              <option value="">{t('upload.choose')}</option>
              {CALLERS.map((c) => <option key={c} value={c}>{CALLER_NAMES[c]}</option>)}
            </select>
            {errors.caller && <span className="field-error" role="alert">{errors.caller.message}</span>}
          </label>
        )}
      </div>
      <fieldset>
        <legend className="required">{t('upload.runs')}</legend>
        {runs.map((r) => (
          <label key={r.id} className="field checkbox">
            <input type="checkbox" value={r.id} disabled={busy} {...register('runIds', { validate: (ids) => ids.length > 0 || t('upload.pickRun') })} />
            <span>
              <code>{r.sampleName}</code> · <code>{r.barcode}</code> · {t(`qcStatus.${r.qcStatus}`)}
            </span>
          </label>
        ))}
        {errors.runIds && <span className="field-error" role="alert">{errors.runIds.message}</span>}
      </fieldset>
      <label className="field wide">
        <span className="required">{t('upload.file')}</span>
        <input type="file" accept=".vcf,.vcf.gz,.gvcf,.gvcf.gz,.g.vcf.gz" disabled={busy} {...register('files', { validate: (f) => (f && f.length > 0) || t('upload.pickFile') })} />
        {errors.files && <span className="field-error" role="alert">{errors.files.message}</span>}
      </label>
      <UploadProgress stage={stage} />
      <div className="actions">
        <button type="submit" disabled={busy}>{t(replacing ? 'upload.submitReplace' : 'upload.submit')}</button>
        {busy && <button type="button" className="secondary" onClick={() => abortRef.current()}>{t('upload.cancel')}</button>}
      </div>
    </form>
  );
}

function UploadProgress({ stage }: { stage: Stage }) {
  const { t } = useTranslation('sequencing');
  const f = useFormat();
  if (stage.step === 'idle') return null;
  if (stage.step === 'done') {
    const { result } = stage;
    return (
      <div className={`alert ${result.evaluation && !result.evaluation.passed ? 'alert-error' : 'alert-success'}`} role="status">
        <strong>{t('upload.uploaded', { fileName: result.file.fileName })}</strong>{' '}
        {t(result.evaluation ? (result.evaluation.passed ? 'upload.qcPassed' : 'upload.qcFailed') : 'upload.waitingForRound')}
      </div>
    );
  }
  const pct = stage.totalBytes ? Math.floor((stage.doneBytes / stage.totalBytes) * 100) : 100;
  return (
    <div className="upload-progress" role="status">
      <span>{t(`upload.${stage.step}`, { pct: f.number(pct), done: f.number(stage.doneBytes / 1048576, 1), total: f.number(stage.totalBytes / 1048576, 1) })}</span>
      <progress max={stage.totalBytes || 1} value={stage.doneBytes} aria-label={t(`upload.${stage.step}Label`)} />
    </div>
  );
}
