import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { RunBody as RunBodySchema } from '../../../src/intake/schemas.js';
import { api } from '../api';
import { ErrorMessage, FieldError, isFieldError } from '../shell/ErrorMessage';
import type { GateMetric, SequencingRun } from '../intake/types';

type RunBody = Static<typeof RunBodySchema>;

export const QC_FIELDS: GateMetric[] = ['meanCoverage', 'pctBases20x', 'pctBases30x', 'q30Pct', 'duplicationPct', 'contaminationPct', 'insertSizeMedianBp'];

interface RunFormValues {
  specimenId: string;
  sampleName: string;
  platform: string;
  instrumentRunId: string;
  libraryPrep: string;
  readLengthBp: number;
  pairedEnd: boolean;
  pipelineName: string;
  pipelineVersion: string;
  sequencedAt: string;
  qc: Record<GateMetric, number>;
}

/** The local date-time an input of type datetime-local shows for now. */
function nowLocal(): string {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function toBody(v: RunFormValues): RunBody {
  return {
    specimenId: v.specimenId, sampleName: v.sampleName.trim(), platform: v.platform.trim(), libraryPrep: v.libraryPrep.trim(),
    ...(v.instrumentRunId.trim() ? { instrumentRunId: v.instrumentRunId.trim() } : {}),
    readLengthBp: v.readLengthBp, pairedEnd: v.pairedEnd,
    pipeline: { name: v.pipelineName.trim(), version: v.pipelineVersion.trim() },
    sequencedAt: new Date(v.sequencedAt).toISOString(),
    qc: v.qc,
  };
}

const TEXT_FIELDS = ['sampleName', 'platform', 'instrumentRunId', 'libraryPrep', 'pipelineName', 'pipelineVersion'] as const;
const SERVER_FIELD: Record<string, string> = { pipelineName: 'pipeline.name', pipelineVersion: 'pipeline.version' };

/** Registers a sequencing run with its QC metrics for a specimen this company received. */
export function RunForm({ caseId, specimenId, specimenLabel, onCreated }: { caseId: string; specimenId: string; specimenLabel: string; onCreated(run: SequencingRun): void }) {
  const { t } = useTranslation('sequencing');
  const queryClient = useQueryClient();
  const { register, handleSubmit, formState: { errors } } = useForm<RunFormValues>({
    defaultValues: {
      specimenId, sampleName: '', platform: 'Illumina NovaSeq X Plus', instrumentRunId: '', libraryPrep: 'Illumina DNA PCR-Free',
      readLengthBp: 150, pairedEnd: true, pipelineName: '', pipelineVersion: '', sequencedAt: nowLocal(),
    },
  });
  const create = useMutation({
    mutationFn: (v: RunFormValues) => api.post<SequencingRun>(`/cases/${encodeURIComponent(caseId)}/sequencing-runs`, toBody(v)),
    onSuccess: async (run) => {
      await queryClient.invalidateQueries({ queryKey: [`/cases/${encodeURIComponent(caseId)}/sequencing`] });
      await queryClient.invalidateQueries({ queryKey: [`/cases/${encodeURIComponent(caseId)}`] });
      onCreated(run);
    },
  });
  const serverFields = [...TEXT_FIELDS.map((f) => SERVER_FIELD[f] ?? f), 'readLengthBp', 'sequencedAt', 'qc'];
  const required = { required: t('form.required') };
  return (
    <form className="card run-form" onSubmit={handleSubmit((v) => create.mutate(v))} noValidate>
      <h2>{t('run.formTitle')}</h2>
      <p className="muted">{t('run.formHelp', { specimen: specimenLabel })}</p>
      {!isFieldError(create.error, serverFields) && <ErrorMessage error={create.error} />}
      <div className="row">
        {TEXT_FIELDS.map((name) => (
          <label key={name} className="field">
            <span className={name === 'instrumentRunId' ? undefined : 'required'}>{t(`run.${name}`)}</span>
            <input {...register(name, name === 'instrumentRunId' ? {} : required)} aria-invalid={errors[name] ? true : undefined} />
            {errors[name] && <span className="field-error" role="alert">{errors[name]?.message}</span>}
            <FieldError error={create.error} field={SERVER_FIELD[name] ?? name} />
          </label>
        ))}
        <label className="field">
          <span className="required">{t('run.readLengthBp')}</span>
          <input type="number" min={25} step={1} {...register('readLengthBp', { ...required, valueAsNumber: true })} />
          <FieldError error={create.error} field="readLengthBp" />
        </label>
        <label className="field checkbox">
          <input type="checkbox" {...register('pairedEnd')} />
          <span>{t('run.pairedEnd')}</span>
        </label>
        <label className="field">
          <span className="required">{t('run.sequencedAt')}</span>
          <input type="datetime-local" {...register('sequencedAt', required)} />
          <FieldError error={create.error} field="sequencedAt" />
        </label>
      </div>
      <fieldset>
        <legend>{t('run.qcTitle')}</legend>
        <div className="row">
          {QC_FIELDS.map((m) => (
            <label key={m} className="field">
              <span className="required">{t(`metric.${m}`)}</span>
              <input type="number" step="any" min={0} {...register(`qc.${m}`, { ...required, valueAsNumber: true })} aria-invalid={errors.qc?.[m] ? true : undefined} />
              {errors.qc?.[m] && <span className="field-error" role="alert">{errors.qc[m]?.message}</span>}
              <FieldError error={create.error} field={`qc.${m}`} />
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" disabled={create.isPending}>{t(create.isPending ? 'run.submitting' : 'run.submit')}</button>
    </form>
  );
}
