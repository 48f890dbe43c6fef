import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useMe } from '../auth/session';
import { SequencingPanel } from '../intake';
import { InterpretationLink } from '../interpretation';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { usePermissions } from '../shell/query';
import { useApi } from '../shell/use-api';
import { CaseSpecimens } from '../specimens/CaseSpecimens';
import { CaseMembers } from './CaseMembers';
import { CaseTimeline } from './CaseTimeline';
import { TransitionBar } from './TransitionBar';
import type { CaseDetail } from './types';

/** One case: who is in it, their consent, where it is in the lifecycle, and its specimens. */
export function CaseDetailPage() {
  const { t, i18n } = useTranslation('registry');
  const f = useFormat();
  const me = useMe();
  const { id = '' } = useParams();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const path = `/cases/${encodeURIComponent(id)}`;
  const c = useApi<CaseDetail>(path);
  const isHospital = me.orgType === 'hospital';
  // Sections the role may not load are left out, not shown as errors (route policies decide).
  const { can } = usePermissions();

  if (!c.data) {
    return (
      <section className="page">
        <p>
          <Link to="/cases">{t('detail.back')}</Link>
        </p>
        <ErrorMessage error={c.error} />
        {c.loading && <p className="muted">{t('detail.loading')}</p>}
      </section>
    );
  }
  const d = c.data;
  const hospital = i18n.language === 'ja' ? d.hospitalNameJa || d.hospitalName : d.hospitalName || d.hospitalNameJa;
  return (
    <section className="page">
      <p>
        <Link to="/cases">{t('detail.back')}</Link>
      </p>
      <div className="page-head">
        <h1>{t('detail.title', { id: d.id })}</h1>
        <span className={`state state-${d.state}`}>{t(`state.${d.state}`)}</span>
        {d.overdue && <span className="badge badge-warn">{t('list.overdue')}</span>}
      </div>
      {created && <div className="alert alert-success" role="status">{t('detail.created')}</div>}
      <ErrorMessage error={c.error} />
      <dl className="summary card">
        <dt>{t('list.column.domain')}</dt>
        <dd>
          {t(`domain.${d.domain}`)} · {t(`category.${d.category}`)}
        </dd>
        <dt>{t('form.returnRoute')}</dt>
        <dd>{t(`returnRoute.${d.returnRoute}`)}</dd>
        <dt>{t('list.column.diagnosis')}</dt>
        <dd>
          {d.diagnosisIcd10 && <code>{d.diagnosisIcd10}</code>} {d.diagnosisText} {d.oncotreeCode && <code>{d.oncotreeCode}</code>}
        </dd>
        <dt>{t('list.column.hospital')}</dt>
        <dd>{hospital}</dd>
        <dt>{t('list.column.createdAt')}</dt>
        <dd>{f.dateTime(d.createdAt)}</dd>
        <dt>{t('detail.inState')}</dt>
        <dd>
          {t('detail.daysInState', { days: f.number(d.daysInState, 1) })}
          {d.stageTargetDays !== null && d.stageTargetDays !== undefined && (
            <span className="muted"> {t('detail.target', { days: f.number(d.stageTargetDays) })}</span>
          )}
        </dd>
      </dl>
      {can('POST', '/cases/:id/transitions') && <TransitionBar detail={d} onChanged={c.setData} />}
      <CaseMembers detail={d} canEdit={isHospital} onChanged={c.setData} reload={c.reload} />
      {can('GET', '/cases/:id/specimens') && <CaseSpecimens detail={d} canEdit={isHospital} onCaseChanged={c.reload} />}
      {can('GET', '/cases/:id/sequencing') && <SequencingPanel caseId={d.id} showVariantsLink={can('GET', '/cases/:id/variants')} />}
      {d.domain === 'rare_disease' && can('GET', '/cases/:id/interpretations') && <InterpretationLink caseId={d.id} />}
      <CaseTimeline events={d.events} />
    </section>
  );
}
