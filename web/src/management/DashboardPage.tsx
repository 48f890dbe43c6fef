import { useTranslation } from 'react-i18next';
import { CaseCounts } from './CaseCounts';
import { DelayedCases } from './DelayedCases';
import { TatChart } from './TatChart';

/** 検体・情報集中管理部門: every case's progress, turnaround per milestone, and who to chase. */
export function DashboardPage() {
  const { t } = useTranslation('management');
  return (
    <section className="page">
      <h1>{t('dashboard.title')}</h1>
      <CaseCounts />
      <TatChart />
      <DelayedCases />
    </section>
  );
}
