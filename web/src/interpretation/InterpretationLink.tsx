import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** On a rare-disease case page: the way to its HPO terms and ranked candidates. */
export function InterpretationLink({ caseId }: { caseId: string }) {
  const { t } = useTranslation('interpretation');
  return (
    <p className="card-link">
      <Link to={`/cases/${encodeURIComponent(caseId)}/interpretation`}>{t('link')}</Link>
    </p>
  );
}
