import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorMessage, FieldError } from '../shell/ErrorMessage';
import { useOrganisations, type Organisation } from '../shell/organisations';
import { useMe } from '../auth/session';
import { useGet } from '../shell/query';
import { ROLES_BY_ORG_TYPE, SYSTEM_ROLES, type OrgType, type User } from './types';

/** People who sign in, per organisation, with their role; deactivate, reactivate, end their sessions. */
export function UsersPage() {
  const { t } = useTranslation('admin');
  const orgs = useOrganisations();
  const me = useMe();
  const [orgId, setOrgId] = useState('');
  const users = useGet<{ items: User[] }>('/admin/users', { orgId });
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'deactivate' | 'activate' | 'revoke-sessions' }) =>
      api.post<unknown>(`/admin/users/${encodeURIComponent(id)}/${action}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['/admin/users'] }),
  });
  return (
    <section className="page">
      <div className="page-head"><h1>{t('users.title')}</h1></div>
      <div className="filters">
        <label className="field">
          <span>{t('users.org')}</span>
          <select value={orgId} onChange={(e) => setOrgId(e.target.value)}>
            <option value="">{t('users.allOrgs')}</option>
            {orgs.list?.map((o) => <option key={o.id} value={o.id}>{orgs.name(o.id)}</option>)}
          </select>
        </label>
      </div>
      <ErrorMessage error={users.error ?? act.error} />
      {users.data && (
        <table className="data-table users">
          <thead>
            <tr>
              <th>{t('users.username')}</th>
              <th>{t('users.displayName')}</th>
              <th>{t('users.org')}</th>
              <th>{t('users.role')}</th>
              <th>{t('users.status')}</th>
              <th>{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((u) => (
              <tr key={u.id} className={u.active ? undefined : 'muted'}>
                <td><code>{u.username}</code></td>
                <td>{u.displayName}</td>
                <td>{orgs.name(u.orgId)}</td>
                <td>{t(`role.${u.role}`)}</td>
                <td>{t(u.active ? 'users.active' : 'users.inactive')}</td>
                <td className="actions">
                  {u.id !== me.userId && (<>
                  <button type="button" className="secondary small" disabled={act.isPending} onClick={() => act.mutate({ id: u.id, action: 'revoke-sessions' })}>{t('users.revokeSessions')}</button>
                  <button type="button" className={`${u.active ? 'danger' : 'secondary'} small`} disabled={act.isPending} onClick={() => act.mutate({ id: u.id, action: u.active ? 'deactivate' : 'activate' })}>
                    {t(u.active ? 'users.deactivate' : 'users.activate')}
                  </button>
                  </>)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {orgs.list && <NewUserForm orgs={orgs.list} />}
    </section>
  );
}

interface UserValues {
  orgId: string;
  username: string;
  displayName: string;
  role: string;
  password: string;
}

function NewUserForm({ orgs }: { orgs: Organisation[] }) {
  const { t } = useTranslation('admin');
  const orgNames = useOrganisations();
  const queryClient = useQueryClient();
  const { register, handleSubmit, watch, reset, formState: { errors } } = useForm<UserValues>({ defaultValues: { orgId: '', username: '', displayName: '', role: '', password: '' } });
  const orgType = orgs.find((o) => o.id === watch('orgId'))?.type as OrgType | undefined;
  const roles = orgType ? ROLES_BY_ORG_TYPE[orgType].filter((r) => !SYSTEM_ROLES.has(r)) : [];
  const create = useMutation({
    mutationFn: (v: UserValues) => api.post<{ id: string }>('/admin/users', v),
    onSuccess: async () => {
      reset();
      await queryClient.invalidateQueries({ queryKey: ['/admin/users'] });
    },
  });
  const required = { required: t('form.required') };
  return (
    <form className="card" onSubmit={handleSubmit((v) => create.mutate(v))} noValidate>
      <h2>{t('users.new')}</h2>
      <ErrorMessage error={create.error} />
      {create.isSuccess && <div className="alert alert-success" role="status">{t('users.created')}</div>}
      <div className="row">
        <label className="field">
          <span className="required">{t('users.org')}</span>
          <select {...register('orgId', required)}>
            <option value="">{t('form.choose')}</option>
            {orgs.map((o) => <option key={o.id} value={o.id}>{orgNames.name(o.id)}</option>)}
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
          <span className="required">{t('users.username')}</span>
          <input autoComplete="off" {...register('username', { ...required, pattern: { value: /^[a-z0-9._-]{3,64}$/, message: t('users.usernameRule') } })} />
          {errors.username && <span className="field-error" role="alert">{errors.username.message}</span>}
          <FieldError error={create.error} field="username" />
        </label>
        <label className="field">
          <span className="required">{t('users.displayName')}</span>
          <input {...register('displayName', required)} />
          {errors.displayName && <span className="field-error" role="alert">{errors.displayName.message}</span>}
        </label>
        <label className="field">
          <span className="required">{t('users.password')}</span>
          <input type="password" autoComplete="new-password" {...register('password', { ...required, minLength: { value: 12, message: t('users.passwordRule') } })} />
          {errors.password && <span className="field-error" role="alert">{errors.password.message}</span>}
        </label>
      </div>
      <button type="submit" disabled={create.isPending}>{t('users.create')}</button>
    </form>
  );
}
