/** Numbers (and, later, dates) are formatted with Intl in the UI language's locale. */
import { useTranslation } from 'react-i18next';
import { intlLocales, isLanguage, defaultLanguage } from '../i18n';

export interface Formatters {
  locale: string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  date(value: Date, options?: Intl.DateTimeFormatOptions): string;
}

export function formattersFor(language: string): Formatters {
  const locale = intlLocales[isLanguage(language) ? language : defaultLanguage];
  return {
    locale,
    number: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    date: (value, options) => new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Ho_Chi_Minh', ...options }).format(value),
  };
}

export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  return formattersFor(i18n.resolvedLanguage ?? defaultLanguage);
}
