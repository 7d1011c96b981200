import { useTranslation } from 'react-i18next';

const knownPriorities = ['urgent', 'normal', 'complex'] as const;
type Priority = (typeof knownPriorities)[number];

function isPriority(value: string): value is Priority {
  return (knownPriorities as readonly string[]).includes(value);
}

/** The category's default priority (Decision 1207/QĐ-UBND: urgent / normal / complex). */
export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation();
  const known = isPriority(priority) ? priority : undefined;
  return (
    <span className={`badge badge--${known ?? 'unknown'}`}>
      <span className="visually-hidden">{t('priority.label')}: </span>
      {t(`priority.${known ?? 'unknown'}`)}
    </span>
  );
}
