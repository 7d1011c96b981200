/** The signed-in person's account: who they are, how sure the platform is of it, security, their data. */
import { useTranslation } from 'react-i18next';
import { useProfile } from '../api/account';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { PersonalSection } from './profile/PersonalSection';
import { IdentitySection } from './profile/IdentitySection';
import { SecuritySection } from './profile/SecuritySection';
import { DataSection } from './profile/DataSection';

const sections = [
  ['profile-personal', 'profile.personalHeading'],
  ['profile-identity', 'identity.heading'],
  ['profile-security', 'profile.securityHeading'],
  ['profile-data', 'data.heading'],
] as const;

export function ProfilePage() {
  const { t } = useTranslation();
  const profile = useProfile();
  return (
    <div className="narrow">
      <PageHeader title={t('profile.title')}>
        <p className="lead">{t('profile.intro')}</p>
      </PageHeader>
      <QueryState query={profile}>
        {(data) => (
          <>
            <nav className="on-this-page" aria-label={t('profile.onThisPage')}>
              <ul>
                {sections.map(([id, key]) => <li key={id}><a href={`#${id}`}>{t(key)}</a></li>)}
              </ul>
            </nav>
            <div className="profile-sections">
              <PersonalSection profile={data} />
              <IdentitySection profile={data} />
              <SecuritySection profile={data} />
              <DataSection profile={data} />
            </div>
          </>
        )}
      </QueryState>
    </div>
  );
}
