import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorMessage, FieldError } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useOrganisations } from '../shell/organisations';
import { useGet } from '../shell/query';
import { ROLES_BY_ORG_TYPE, type OrgType, type Token } from './types';

interface TokenValues {
  orgId: string;
  name: string;
  role: string;
  expiresOn: string;
}

/** API tokens for systems (a hospital EHR, a sequencer's LIMS): create one and see its secret once; revoke. */
export function TokensPage() {
  const { t } = useTranslation('admin');
  const f = useFormat();
  const orgs = useOrganisations();
  const tokens = useGet<{ items: Token[] }>('/admin/tokens');
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => api.post<unknown>(`/admin/tokens/${encodeURIComponent(id)}/revoke`),
    onSuccess: async () => {
      setConfirming(null);
      await queryClient.invalidateQueries({ queryKey: ['/admin/tokens'] });
    },
  });
  const status = (tk: Token) => (tk.revokedAt ? 'revoked' : tk.expiresAt && Date.parse(tk.expiresAt) < Date.now() ? 'expired' : 'active');
  return (
    <section className="page">
      <div className="page-head"><h1>{t('tokens.title')}</h1></div>
      <p className="muted">{t('tokens.help')}</p>
      <NewTokenForm />
      <ErrorMessage error={tokens.error ?? revoke.error} />
      {tokens.data && (
        <table className="data-table tokens">
          <thead>
            <tr>
              <th>{t('tokens.name')}</th>
              <th>{t('users.org')}</th>
              <th>{t('users.role')}</th>
              <th>{t('tokens.createdAt')}</th>
              <th>{t('tokens.expiresAt')}</th>
              <th>{t('users.status')}</th>
              <th>{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.items.map((tk) => (
              <tr key={tk.id} data-token={tk.id}>
                <td>{tk.name} <code className="muted small">{tk.id}</code></td>
                <td>{orgs.name(tk.orgId)}</td>
                <td>{t(`role.${tk.role}`)}</td>
                <td>{f.dateTime(tk.createdAt)}</td>
                <td>{f.dateTime(tk.expiresAt)}</td>
                <td>{t(`tokens.status.${status(tk)}`)}{tk.revokedAt && <div className="muted small">{f.dateTime(tk.revokedAt)}</div>}</td>
                <td className="actions">
                  {!tk.revokedAt && confirming !== tk.id && (
                    <button type="button" className="danger small" onClick={() => setConfirming(tk.id)}>{t('tokens.revoke')}</button>
                  )}
                  {confirming === tk.id && (
                    <span role="group" aria-label={t('tokens.confirmRevoke')}>
                      {t('tokens.confirmRevoke')}{' '}
                      <button type="button" className="danger small" disabled={revoke.isPending} onClick={() => revoke.mutate(tk.id)}>{t('tokens.revokeConfirmed')}</button>{' '}
                      <button type="button" className="secondary small" onClick={() => setConfirming(null)}>{t('form.cancel')}</button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NewTokenForm() {
  const { t } = useTranslation('admin');
  const orgs = useOrganisations();
  const queryClient = useQueryClient();
  const [copied, setCopied] = useState(false);
  const { register, handleSubmit, watch, reset, formState: { errors } } = useForm<TokenValues>({ defaultValues: { orgId: '', name: '', role: '', expiresOn: '' } });
  const orgType = orgs.list?.find((o) => o.id === watch('orgId'))?.type as OrgType | undefined;
  const roles = orgType ? ROLES_BY_ORG_TYPE[orgType] : [];
  const create = useMutation({
    mutationFn: ({ expiresOn, ...v }: TokenValues) =>
      api.post<{ id: string; token: string }>('/admin/tokens', { ...v, ...(expiresOn ? { expiresAt: new Date(`${expiresOn}T23:59:59+09:00`).toISOString() } : {}) }),
    onSuccess: async () => {
      reset();
      setCopied(false);
      await queryClient.invalidateQueries({ queryKey: ['/admin/tokens'] });
    },
  });
  const required = { required: t('form.required') };
  return (
    <form className="card" onSubmit={handleSubmit((v) => create.mutate(v))} noValidate>
      <h2>{t('tokens.new')}</h2>
      <ErrorMessage error={create.error} />
      {create.data && (
        <div className="alert alert-success token-secret" role="status">
          <strong>{t('tokens.secretOnce')}</strong>
          <code className="secret" data-testid="token-secret">{create.data.token}</code>
          <button type="button" className="secondary small" onClick={() => void navigator.clipboard?.writeText(create.data.token).then(() => setCopied(true))}>
            {t(copied ? 'tokens.copied' : 'tokens.copy')}
          </button>
        </div>
      )}
      <div className="row">
        <label className="field">
          <span className="required">{t('users.org')}</span>
          <select {...register('orgId', required)}>
            <option value="">{t('form.choose')}</option>
            {orgs.list?.map((o) => <option key={o.id} value={o.id}>{orgs.name(o.id)}</option>)}
          </select>
          {errors.orgId && <span className="field-error" role="alert">{errors.orgId.message}</span>}
        </label>
        <label className="field">
          <span className="required">{t('users.role')}</span>
          <select {...register('role', required)} disabled={!orgType}>
            <option value="">{t('form.choose')}</option>
            {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
          {errors.role && <span className="field-error" role="alert">{errors.role.message}</span>}
          <FieldError error={create.error} field="role" />
        </label>
        <label className="field">
          <span className="required">{t('tokens.name')}</span>
          <input {...register('name', required)} />
          {errors.name && <span className="field-error" role="alert">{errors.name.message}</span>}
        </label>
        <label className="field">
          <span>{t('tokens.expiresOn')}</span>
          <input type="date" {...register('expiresOn')} />
        </label>
      </div>
      <button type="submit" disabled={create.isPending}>{t('tokens.create')}</button>
    </form>
  );
}
