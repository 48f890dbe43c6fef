import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useOrganisations } from '../shell/organisations';
import { useGet } from '../shell/query';
import type { AuditPage as AuditPageData, User, VerifyResult } from './types';

const FILTERS = ['actorId', 'caseId', 'action', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
/** Offered in the action box; any action or prefix ending in "." may be typed. */
const COMMON_ACTIONS = ['auth.', 'case.', 'case.read', 'case.transition', 'consent.', 'specimen.', 'shipment.', 'sequencing.', 'variants.read', 'token.', 'user.', 'org.'];
const PAGE_SIZE = 50;

/** datetime-local (Japan time, as shown) ↔ the API's ISO timestamps. */
const toIso = (local: string) => (local ? new Date(`${local}:00+09:00`).toISOString() : '');

/** The audit log: filter by actor, case, action and time; verify the hash chain. Filters live in the URL. */
export function AuditPage() {
  const { t } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const current = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Filters;
  const beforeSeq = params.get('beforeSeq') ?? '';
  const query = { ...current, from: toIso(current.from), to: toIso(current.to), beforeSeq, limit: PAGE_SIZE };
  const page = useGet<AuditPageData>('/audit', query);
  const users = useGet<{ items: User[] }>('/admin/users');
  const { register, handleSubmit, reset } = useForm<Filters>({ values: current });
  const apply = (v: Filters) => setParams(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '')));
  return (
    <section className="page">
      <div className="page-head"><h1>{t('audit.title')}</h1></div>
      <VerifyChain />
      <form className="card filters audit-filters" onSubmit={handleSubmit(apply)}>
        <label className="field">
          <span>{t('audit.actor')}</span>
          <select {...register('actorId')}>
            <option value="">{t('audit.anyone')}</option>
            {users.data?.items.map((u) => <option key={u.id} value={u.id}>{u.username}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('audit.case')}</span>
          <input {...register('caseId')} />
        </label>
        <label className="field">
          <span>{t('audit.action')}</span>
          <input list="audit-actions" {...register('action')} />
          <datalist id="audit-actions">{COMMON_ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
        </label>
        <label className="field">
          <span>{t('audit.from')}</span>
          <input type="datetime-local" {...register('from')} />
        </label>
        <label className="field">
          <span>{t('audit.to')}</span>
          <input type="datetime-local" {...register('to')} />
        </label>
        <div className="actions">
          <button type="submit">{t('audit.apply')}</button>
          <button type="button" className="secondary" onClick={() => { reset({ actorId: '', caseId: '', action: '', from: '', to: '' }); setParams({}); }}>{t('audit.clear')}</button>
        </div>
      </form>
      <ErrorMessage error={page.error} />
      {page.data && <AuditTable data={page.data} />}
      {page.data && (
        <div className="actions">
          {beforeSeq && <button type="button" className="secondary" onClick={() => { const p = new URLSearchParams(params); p.delete('beforeSeq'); setParams(p); }}>{t('audit.newest')}</button>}
          {page.data.nextBeforeSeq !== null && (
            <button type="button" className="secondary" onClick={() => { const p = new URLSearchParams(params); p.set('beforeSeq', String(page.data.nextBeforeSeq)); setParams(p); }}>{t('audit.older')}</button>
          )}
        </div>
      )}
    </section>
  );
}

function AuditTable({ data }: { data: AuditPageData }) {
  const { t } = useTranslation('admin');
  const f = useFormat();
  const orgs = useOrganisations();
  if (data.items.length === 0) return <p className="muted">{t('audit.none')}</p>;
  return (
    <table className="data-table audit-log">
      <thead>
        <tr>
          <th className="num">{t('audit.seq')}</th>
          <th>{t('audit.at')}</th>
          <th>{t('audit.actor')}</th>
          <th>{t('audit.actionColumn')}</th>
          <th>{t('audit.entity')}</th>
          <th>{t('audit.details')}</th>
        </tr>
      </thead>
      <tbody>
        {data.items.map((e) => (
          <tr key={e.seq}>
            <td className="num">{e.seq}</td>
            <td>{f.dateTime(e.at)}</td>
            <td>
              {e.actorKind === 'system' ? t('audit.system') : <code>{e.actorName ?? e.actorId}</code>}
              {e.actorOrgId && <div className="muted small">{orgs.name(e.actorOrgId)}</div>}
            </td>
            <td><code>{e.action}</code></td>
            <td>{e.entityType && <span className="muted small">{e.entityType} </span>}{e.entityId && <code>{e.entityId}</code>}</td>
            <td><code className="small details">{Object.keys(e.details).length ? JSON.stringify(e.details).slice(0, 160) : ''}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VerifyChain() {
  const { t } = useTranslation('admin');
  const f = useFormat();
  const verify = useMutation({ mutationFn: () => api.get<VerifyResult>('/audit/verify') });
  const r = verify.data;
  return (
    <div className="card verify-chain">
      <button type="button" className="secondary" disabled={verify.isPending} onClick={() => verify.mutate()}>
        {t(verify.isPending ? 'audit.verifying' : 'audit.verify')}
      </button>
      <ErrorMessage error={verify.error} />
      {r && (
        <div className={`alert ${r.ok ? 'alert-success' : 'alert-error'}`} role="status" data-verify={r.ok ? 'ok' : 'broken'}>
          {r.ok
            ? t('audit.intact', { entries: f.number(r.entries), at: f.dateTime(r.checkedAt) })
            : t('audit.broken', { seq: f.number(r.firstBadSeq), entries: f.number(r.entries), at: f.dateTime(r.checkedAt) })}
          {!r.ok && <div className="small"><code>{r.problem}</code></div>}
          {r.ok && <div className="muted small"><code>{r.headHash}</code></div>}
        </div>
      )}
    </div>
  );
}
