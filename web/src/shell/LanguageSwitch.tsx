import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';

/** 日本語 / English: each label is written in its own language (shell `language.<code>`). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('shell');
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className={i18n.language === lng ? 'active' : ''}
          aria-pressed={i18n.language === lng}
          onClick={() => void i18n.changeLanguage(lng)}
        >
          {t(`language.${lng}`)}
        </button>
      ))}
    </div>
  );
}
