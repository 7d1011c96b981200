/**
 * i18next set-up: Vietnamese first, English second. The choice is remembered in localStorage and
 * mirrored on <html lang> so screen readers, hyphenation and the spell checker follow it.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './vi.json';
import en from './en.json';

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'vi';

/** Intl locales used for numbers and dates in each language. */
export const intlLocales: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

const storageKey = 'cds.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(storageKey);
    return isLanguage(value) ? value : defaultLanguage;
  } catch {
    return defaultLanguage; // storage can be blocked (private mode, strict settings)
  }
}

function rememberLanguage(language: Language): void {
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // Not remembered; the switch still works for this visit.
  }
}

/** The current UI language, narrowed to the ones the app ships. */
export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : defaultLanguage;
}

export async function changeLanguage(language: Language): Promise<void> {
  rememberLanguage(language);
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = isLanguage(language) ? language : defaultLanguage;
});

// The resources are bundled, so initialisation finishes synchronously before the first render.
void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  initAsync: false,
  lng: storedLanguage(),
  fallbackLng: defaultLanguage,
  supportedLngs: [...languages],
  interpolation: { escapeValue: false }, // React escapes
});

export default i18n;
