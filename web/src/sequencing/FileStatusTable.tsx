import { useTranslation } from 'react-i18next';
import { useFormat } from '../shell/format';
import type { ResultFile } from '../intake/types';

/** Statuses after which the sequencing company has to send the file again. */
export const NEEDS_REPLACEMENT: ReadonlyArray<ResultFile['pipelineStatus']> = ['failed', 'qc_failed'];

/** "file.vcf.gz:1042: INFO/DP: …": the pipeline's message with the line it names, if any. */
export function failureLine(message: string | null): number | null {
  const m = message?.match(/:(\d+):/);
  return m ? Number(m[1]) : null;
}

/** Each result file this company uploaded: its checksum, where it is in ingest, and why it failed. */
export function FileStatusTable({ files, canReplace, onReplace }: { files: ResultFile[]; canReplace: boolean; onReplace(file: ResultFile): void }) {
  const { t } = useTranslation('sequencing');
  const f = useFormat();
  if (files.length === 0) return <p className="muted">{t('files.empty')}</p>;
  return (
    <table className="data-table file-status">
      <thead>
        <tr>
          <th>{t('files.name')}</th>
          <th>{t('files.kind')}</th>
          <th>{t('files.sha256')}</th>
          <th className="num">{t('files.size')}</th>
          <th>{t('files.uploadedAt')}</th>
          <th>{t('files.status')}</th>
          <th>{t('files.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => {
          const line = failureLine(file.pipelineError);
          return (
            <tr key={file.id} data-file={file.id}>
              <td><code>{file.fileName}</code></td>
              <td>{t(`kind.${file.kind}`)}</td>
              <td><code className="small" title={file.sha256}>{file.sha256.slice(0, 16)}…</code></td>
              <td className="num">{file.sizeBytes < 1048576 ? t('files.kib', { size: f.number(file.sizeBytes / 1024, 1) }) : t('files.mib', { size: f.number(file.sizeBytes / 1048576, 1) })}</td>
              <td>{f.dateTime(file.uploadedAt)}</td>
              <td>
                <strong className={`pipeline pipeline-${file.pipelineStatus}`}>{t(`pipeline.${file.pipelineStatus}`)}</strong>
                {file.pipelineUpdatedAt && <div className="muted small">{f.dateTime(file.pipelineUpdatedAt)}</div>}
                {file.pipelineError && (
                  <div className="alert-message small file-error">
                    {line !== null && <strong>{t('files.line', { line: f.number(line) })} </strong>}
                    <code>{file.pipelineError}</code>
                  </div>
                )}
              </td>
              <td>
                {canReplace && NEEDS_REPLACEMENT.includes(file.pipelineStatus) && (
                  <button type="button" className="secondary small" onClick={() => onReplace(file)}>{t('files.replace')}</button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
