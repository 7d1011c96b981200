import { useTranslation } from 'react-i18next';

/** Identity levels the app explains: 0 browsing, 1 phone verified, 2 identity verified. */
export const identityLevels = [0, 1, 2] as const;
export type KnownLevel = (typeof identityLevels)[number];

export function knownLevel(level: number): KnownLevel {
  return level >= 2 ? 2 : level <= 0 ? 0 : 1;
}

/** "Mức 1" on screen; "Identity level: level 1, phone number verified" for assistive technology. */
export function LevelBadge({ level }: { level: number }) {
  const { t } = useTranslation();
  const known = knownLevel(level);
  return (
    <span className={`badge badge--level badge--level-${known}`} data-level={level}>
      <span className="visually-hidden">{t('level.label')}: </span>
      {t('level.short', { level })}
      <span className="visually-hidden">, {t(`level.names.${known}`)}</span>
    </span>
  );
}
