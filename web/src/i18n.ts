import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import authEn from './auth/locales/en.json';
import authJa from './auth/locales/ja.json';
import errorsEn from './errors/locales/en.json';
import errorsJa from './errors/locales/ja.json';
import intakeEn from './intake/locales/en.json';
import intakeJa from './intake/locales/ja.json';
import interpretationEn from './interpretation/locales/en.json';
import interpretationJa from './interpretation/locales/ja.json';
import managementEn from './management/locales/en.json';
import managementJa from './management/locales/ja.json';
import adminEn from './admin/locales/en.json';
import adminJa from './admin/locales/ja.json';
import analysisEn from './analysis/locales/en.json';
import analysisJa from './analysis/locales/ja.json';
import registryEn from './registry/locales/en.json';
import registryJa from './registry/locales/ja.json';
import shellEn from './shell/locales/en.json';
import shellJa from './shell/locales/ja.json';
import sequencingEn from './sequencing/locales/en.json';
import sequencingJa from './sequencing/locales/ja.json';
import specimensEn from './specimens/locales/en.json';
import specimensJa from './specimens/locales/ja.json';

/** One namespace per module (STYLE §11); `shell` holds what every page shares. */
export const resources = {
  ja: { shell: shellJa, auth: authJa, registry: registryJa, specimens: specimensJa, management: managementJa, intake: intakeJa, sequencing: sequencingJa, admin: adminJa, analysis: analysisJa, errors: errorsJa, interpretation: interpretationJa },
  en: { shell: shellEn, auth: authEn, registry: registryEn, specimens: specimensEn, management: managementEn, intake: intakeEn, sequencing: sequencingEn, admin: adminEn, analysis: analysisEn, errors: errorsEn, interpretation: interpretationEn },
} as const;

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = 'kiban.language';

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (saved === 'ja' || saved === 'en') return saved;
  } catch {
    // storage blocked: fall back to the default
  }
  return 'ja'; // Japanese is the default for every user (hospital staff are the main audience)
}

export function setupI18n(): typeof i18next {
  const lng = initialLanguage();
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: false,
    ns: Object.keys(resources.ja),
    defaultNS: 'shell',
    interpolation: { escapeValue: false }, // React escapes
  });
  document.documentElement.lang = lng;
  i18next.on('languageChanged', (l) => {
    document.documentElement.lang = l;
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, l);
    } catch {
      // not remembered; still switched for this page
    }
  });
  return i18next;
}
