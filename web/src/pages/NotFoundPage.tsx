import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { routes } from '../routes';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="not-found">
      <PageHeader title={t('notFound.title')}>
        <p className="lead">{t('notFound.text')}</p>
      </PageHeader>
      <p><Link className="button" to={routes.home}>{t('notFound.home')}</Link></p>
    </div>
  );
}
