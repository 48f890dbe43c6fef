import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router-dom';
import { useMe, useSession } from '../auth/session';
import { ErrorMessage } from './ErrorMessage';
import { LanguageSwitch } from './LanguageSwitch';
import { navFor } from './navigation';

/** The signed-in frame: header with organisation, user, language and logout; navigation by role. */
export function Layout() {
  const { t, i18n } = useTranslation('shell');
  const me = useMe();
  const { logout } = useSession();
  const [error, setError] = useState<unknown>(null);
  const orgName = i18n.language === 'ja' ? me.orgNameJa || me.orgName : me.orgName || me.orgNameJa;
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <nav className="main-nav" aria-label={t('nav.label')}>
          {navFor(me).map((item) => (
            <NavLink key={item.path} to={item.path} end>
              {t(item.key)}
            </NavLink>
          ))}
        </nav>
        <div className="header-right">
          <span className="who" title={t(`role.${me.principal.replace(':', '.')}`)}>
            <span className="who-name">{me.displayName}</span>
            <span className="who-org">{orgName}</span>
          </span>
          <LanguageSwitch />
          <button type="button" className="secondary" onClick={() => logout().catch(setError)}>
            {t('action.logout')}
          </button>
        </div>
      </header>
      <main className="app-main">
        <ErrorMessage error={error} />
        <Outlet />
      </main>
    </div>
  );
}
