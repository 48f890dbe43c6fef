import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorMessage, FieldError } from '../shell/ErrorMessage';
import { forgetOrganisations, type Organisation } from '../shell/organisations';
import { useGet } from '../shell/query';
import { ORG_TYPES, type OrgType } from './types';

interface OrgValues {
  id: string;
  type: OrgType;
  sector: '' | 'academic' | 'industry';
  name: string;
  nameJa: string;
}

/** Every organisation on the platform, and the form to add one. */
export function OrganisationsPage() {
  const { t } = useTranslation('admin');
  const orgs = useGet<{ items: Organisation[] }>('/organisations');
  return (
    <section className="page">
      <div className="page-head"><h1>{t('orgs.title')}</h1></div>
      <ErrorMessage error={orgs.error} />
      {orgs.data && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('orgs.id')}</th>
              <th>{t('orgs.type')}</th>
              <th>{t('orgs.nameJa')}</th>
              <th>{t('orgs.name')}</th>
              <th>{t('orgs.sector')}</th>
            </tr>
          </thead>
          <tbody>
            {orgs.data.items.map((o) => (
              <tr key={o.id}>
                <td><code>{o.id}</code></td>
                <td>{t(`orgType.${o.type}`)}</td>
                <td>{o.nameJa}</td>
                <td>{o.name}</td>
                <td>{o.sector ? t(`sector.${o.sector}`) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewOrganisationForm />
    </section>
  );
}

function NewOrganisationForm() {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const { register, handleSubmit, reset, formState: { errors } } = useForm<OrgValues>({ defaultValues: { id: '', type: 'hospital', sector: '', name: '', nameJa: '' } });
  const create = useMutation({
    mutationFn: ({ sector, ...v }: OrgValues) => api.post<Organisation>('/admin/organisations', { ...v, ...(sector ? { sector } : {}) }),
    onSuccess: async () => {
      reset();
      forgetOrganisations(); // other pages' cached names
      await queryClient.invalidateQueries({ queryKey: ['/organisations'] });
    },
  });
  const required = { required: t('form.required') };
  return (
    <form className="card" onSubmit={handleSubmit((v) => create.mutate(v))} noValidate>
      <h2>{t('orgs.new')}</h2>
      <ErrorMessage error={create.error} />
      {create.isSuccess && <div className="alert alert-success" role="status">{t('orgs.created', { id: create.data.id })}</div>}
      <div className="row">
        <label className="field">
          <span className="required">{t('orgs.id')}</span>
          <input {...register('id', { ...required, pattern: { value: /^[A-Z0-9][A-Z0-9-]{1,31}$/, message: t('orgs.idRule') } })} />
          {errors.id && <span className="field-error" role="alert">{errors.id.message}</span>}
          <FieldError error={create.error} field="id" />
        </label>
        <label className="field">
          <span className="required">{t('orgs.type')}</span>
          <select {...register('type')}>
            {ORG_TYPES.map((ty) => <option key={ty} value={ty}>{t(`orgType.${ty}`)}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('orgs.sector')}</span>
          <select {...register('sector')}>
            <option value="">—</option>
            <option value="academic">{t('sector.academic')}</option>
            <option value="industry">{t('sector.industry')}</option>
          </select>
        </label>
        <label className="field">
          <span className="required">{t('orgs.nameJa')}</span>
          <input {...register('nameJa', required)} />
          {errors.nameJa && <span className="field-error" role="alert">{errors.nameJa.message}</span>}
        </label>
        <label className="field">
          <span className="required">{t('orgs.name')}</span>
          <input {...register('name', required)} />
          {errors.name && <span className="field-error" role="alert">{errors.name.message}</span>}
        </label>
      </div>
      <button type="submit" disabled={create.isPending}>{t('orgs.create')}</button>
    </form>
  );
}
