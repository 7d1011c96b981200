/** An optional password (citizens sign in without a code with it) and the devices signed in. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useChangeOfficialPassword, useRevokeSession, useSessions, useSetPassword, useSignOut, useSignOutEverywhere,
  type Profile, type SessionItem,
} from '../../api/account';
import { useEndSession } from '../../auth/endSession';
import { Field, FormError, SavedStatus, SubmitButton } from '../../components/Form';
import { QueryState, useErrorMessage } from '../../components/QueryState';
import { fieldErrorsOf } from '../../lib/fieldErrors';
import { useFormatters } from '../../lib/format';
import { describeUserAgent } from '../../lib/userAgent';

const minPasswordLength = 10;

function PasswordForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const official = profile.kind === 'official';
  const setPassword = useSetPassword();
  const changeOfficial = useChangeOfficialPassword();
  const save = official ? changeOfficial : setPassword;
  const needsCurrent = official || profile.hasPassword;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<'current' | 'short' | 'mismatch' | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    if (needsCurrent && current === '') return setProblem('current');
    if (next.length < minPasswordLength) return setProblem('short');
    if (next !== repeat) return setProblem('mismatch');
    setProblem(null);
    const done = { onSuccess: () => { setCurrent(''); setNext(''); setRepeat(''); } };
    if (official) changeOfficial.mutate({ currentPassword: current, newPassword: next }, done);
    else setPassword.mutate(needsCurrent ? { currentPassword: current, newPassword: next } : { newPassword: next }, done);
  };

  const fields = fieldErrorsOf(save.error);
  const formError = save.error && !fields.currentPassword && !fields.newPassword ? save.error : null;

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="password-heading">
      <h3 id="password-heading">{t(needsCurrent ? 'password.changeHeading' : 'password.setHeading')}</h3>
      <p className="hint">{t(official ? 'password.officialIntro' : needsCurrent ? 'password.changeIntro' : 'password.setIntro')}</p>
      <FormError error={formError} />
      {needsCurrent && (
        <Field label={t('password.current')} error={problem === 'current' ? t('password.currentMissing') : fields.currentPassword}>
          {(control) => (
            <input {...control} type="password" autoComplete="current-password" maxLength={200} required
              value={current} onChange={(event) => setCurrent(event.target.value)} />
          )}
        </Field>
      )}
      <Field label={t('password.new')} hint={t('password.rules')} error={problem === 'short' ? t('password.tooShort') : fields.newPassword}>
        {(control) => (
          <input {...control} type="password" autoComplete="new-password" minLength={minPasswordLength} maxLength={200} required
            value={next} onChange={(event) => setNext(event.target.value)} />
        )}
      </Field>
      <Field label={t('password.repeat')} error={problem === 'mismatch' ? t('password.mismatch') : undefined}>
        {(control) => (
          <input {...control} type="password" autoComplete="new-password" maxLength={200} required
            value={repeat} onChange={(event) => setRepeat(event.target.value)} />
        )}
      </Field>
      <SubmitButton busy={save.isPending} variant="secondary">{t('password.save')}</SubmitButton>
      <SavedStatus show={save.isSuccess} text={t('password.saved')} />
    </form>
  );
}

const knownMethods = ['otp', 'password', 'totp', 'vneid'] as const;

function SessionRow({ session }: { session: SessionItem }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const message = useErrorMessage();
  const revoke = useRevokeSession();
  const signOut = useSignOut();
  const endSession = useEndSession();
  const { browser, system } = describeUserAgent(session.userAgent);
  const device = [browser, system].filter(Boolean).join(' · ') || t('sessions.unknownDevice');
  const method = knownMethods.find((m) => m === session.method);
  const when = (iso: string) => date(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' });
  const busy = revoke.isPending || signOut.isPending;
  const failure = revoke.error ?? signOut.error;

  const end = () => {
    if (busy) return;
    // This device's own session: the same as signing out.
    if (session.current) signOut.mutate(undefined, { onSuccess: () => endSession('signedOut') });
    else revoke.mutate(session);
  };

  return (
    <li className={`session${session.current ? ' session--current' : ''}`}>
      <p className="session__device">
        {device}
        {session.current && <span className="badge badge--current">{t('sessions.thisDevice')}</span>}
      </p>
      <p className="session__meta">
        {method ? t(`sessions.methods.${method}`) : session.method}
        {session.ip && <> · {t('sessions.ip', { ip: session.ip })}</>}
      </p>
      <p className="session__meta">
        {t('sessions.started', { when: when(session.createdAt) })} · {t('sessions.lastSeen', { when: when(session.lastSeenAt) })}
      </p>
      <button type="button" className="button button--small button--secondary" aria-disabled={busy || undefined} onClick={end}>
        {t(session.current ? 'sessions.signOutHere' : 'sessions.revoke')}
        {!session.current && <span className="visually-hidden"> ({device}, {when(session.lastSeenAt)})</span>}
      </button>
      {failure && <p className="field-error" role="alert">{message(failure)}</p>}
    </li>
  );
}

function SessionList() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const sessions = useSessions();
  const everywhere = useSignOutEverywhere();
  const endSession = useEndSession();
  return (
    <div className="sessions">
      <h3>{t('sessions.heading')}</h3>
      <p className="hint">{t('sessions.intro')}</p>
      <QueryState query={sessions}>
        {(data) => data.items.length === 0
          ? <p className="state state--empty">{t('sessions.empty')}</p>
          : (
            <ul className="session-list" aria-label={t('sessions.listLabel', { count: data.items.length })}>
              {/* This device first, then the others as the server lists them (most recently active first). */}
              {[...data.items].sort((a, b) => Number(b.current) - Number(a.current))
                .map((session) => <SessionRow key={session.id} session={session} />)}
            </ul>
          )}
      </QueryState>
      <button type="button" className="button button--secondary" aria-disabled={everywhere.isPending || undefined}
        onClick={() => { if (!everywhere.isPending) everywhere.mutate(undefined, { onSuccess: () => endSession('signedOutEverywhere') }); }}>
        {t('sessions.signOutEverywhere')}
      </button>
      {everywhere.error && <p className="field-error" role="alert">{message(everywhere.error)}</p>}
    </div>
  );
}

export function SecuritySection({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  return (
    <section className="card profile-section" aria-labelledby="profile-security">
      <h2 id="profile-security">{t('profile.securityHeading')}</h2>
      <PasswordForm profile={profile} />
      <SessionList />
    </section>
  );
}
