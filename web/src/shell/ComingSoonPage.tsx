import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session';

/** Landing page for roles whose screens are not built yet: says who they are and what will come. */
export function ComingSoonPage() {
  const { t } = useTranslation('shell');
  const me = useMe();
  return (
    <section className="page">
      <h1>{t('comingSoon.title')}</h1>
      <p>{t('comingSoon.role', { role: t(`role.${me.principal.replace(':', '.')}`) })}</p>
      <p>{t(`comingSoon.plan.${me.orgType}`)}</p>
      <p className="muted">{t('comingSoon.api')}</p>
    </section>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation('shell');
  return (
    <section className="page">
      <h1>{t('notFound.title')}</h1>
    </section>
  );
}
