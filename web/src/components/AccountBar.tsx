import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession, useSignOut } from '../api/account';
import { useEndSession } from '../auth/endSession';
import { signInUrl } from '../lib/returnTo';
import { routes } from '../routes';
import { LevelBadge } from './LevelBadge';
import { UserIcon } from './Icons';

/** The header's account row: "Đăng nhập", or who is signed in, their identity level and "Đăng xuất". */
export function AccountBar() {
  const { t } = useTranslation();
  const session = useSession();
  const signOut = useSignOut();
  const endSession = useEndSession();
  const { pathname, search, hash } = useLocation();

  // Until the server has answered, keep the row's height and show nothing that could flip.
  if (session.isPending) return <div className="account-bar" />;

  const me = session.data;
  if (!me) {
    const onSignInPage = pathname === routes.signIn || pathname === routes.officialSignIn;
    return (
      <div className="account-bar">
        <p className="account-bar__guest">{t('account.guest')}</p>
        {!onSignInPage && (
          <Link className="button button--small button--primary" to={signInUrl(`${pathname}${search}${hash}`)}>
            <UserIcon />{t('account.signIn')}
          </Link>
        )}
      </div>
    );
  }

  return (
    <div className="account-bar">
      <Link className="account-bar__me" to={routes.profile}>
        <span className="avatar avatar--small" aria-hidden="true">{initialOf(me.displayName)}</span>
        <span className="account-bar__name">
          <span className="visually-hidden">{t('account.signedInAs')} </span>
          {me.displayName}
        </span>
      </Link>
      <LevelBadge level={me.identityLevel} />
      <button
        type="button"
        className="button button--small button--ghost account-bar__sign-out"
        aria-disabled={signOut.isPending || undefined}
        onClick={() => {
          if (signOut.isPending) return;
          signOut.mutate(undefined, { onSuccess: () => endSession('signedOut') });
        }}
      >
        {t('account.signOut')}
      </button>
      {signOut.isError && <p className="account-bar__error" role="alert">{t('account.signOutFailed')}</p>}
    </div>
  );
}

/** The first letter of a name, for the round placeholder picture. */
export function initialOf(name: string): string {
  const words = name.trim().split(/\s+/);
  return (words[words.length - 1]?.[0] ?? '?').toUpperCase();
}
