/**
 * Officials sign in with username and password, then always a second factor: a code from their
 * authenticator app. The first time, they set the app up here (the key as text and as an
 * otpauth:// link — no QR library). An account on an initial password must then replace it.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import {
  adoptNewSession, useChangeInitialPassword, useOfficialPasswordStep, useSession, useTotpEnrolment, useTotpStep,
} from '../api/account';
import { PageHeader } from '../components/PageHeader';
import { CopyButton } from '../components/CopyButton';
import { Field, FormError, SubmitButton } from '../components/Form';
import { LoadingState, useErrorMessage } from '../components/QueryState';
import { fieldErrorsOf } from '../lib/fieldErrors';
import { safeReturnTo } from '../lib/returnTo';
import { routes } from '../routes';

type Step =
  | { kind: 'password' }
  | { kind: 'code'; challengeToken: string; enrolment: { secret: string; otpauthUri: string } | null };

/** A base32 key in groups of four, as authenticator apps show and people type it. */
export function groupKey(secret: string): string {
  return secret.replace(/\s/g, '').match(/.{1,4}/g)?.join(' ') ?? secret;
}

function PasswordStep({ onSecondFactor, notice }: {
  onSecondFactor: (step: Step, password: string) => void;
  notice: string | null;
}) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const login = useOfficialPasswordStep();
  const enrol = useTotpEnrolment();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<'username' | 'password' | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (login.isPending || enrol.isPending) return;
    if (username.trim() === '') return setMissing('username');
    if (password === '') return setMissing('password');
    setMissing(null);
    login.mutate({ username: username.trim(), password }, {
      onSuccess: (answer) => {
        // A citizen with a username gets a session at once.
        if ('token' in answer) { void adoptNewSession(queryClient); return; }
        const { challengeToken } = answer;
        if (answer.secondFactor === 'totp') { onSecondFactor({ kind: 'code', challengeToken, enrolment: null }, password); return; }
        enrol.mutate(challengeToken, {
          onSuccess: (enrolment) => onSecondFactor({ kind: 'code', challengeToken, enrolment }, password),
        });
      },
    });
  };

  const fields = fieldErrorsOf(login.error);
  const failure = login.error ?? enrol.error;
  // Wrong username or password is about both fields: say it once, next to the password.
  const passwordError = missing === 'password' ? t('officialSignIn.passwordMissing')
    : fields.password ?? (failure && !fields.username ? message(failure) : undefined);

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <h2>{t('officialSignIn.passwordHeading')}</h2>
      {notice && <p className="notice notice--warning" role="alert">{notice}</p>}
      <Field label={t('officialSignIn.username')} error={missing === 'username' ? t('officialSignIn.usernameMissing') : fields.username}>
        {(control) => (
          <input {...control} type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} maxLength={100} required
            value={username} onChange={(event) => setUsername(event.target.value)} />
        )}
      </Field>
      <Field label={t('officialSignIn.password')} error={passwordError}>
        {(control) => (
          <input {...control} type="password" autoComplete="current-password" maxLength={200} required
            value={password} onChange={(event) => setPassword(event.target.value)} />
        )}
      </Field>
      <SubmitButton busy={login.isPending || enrol.isPending} wide>{t('officialSignIn.continue')}</SubmitButton>
    </form>
  );
}

function Enrolment({ secret, otpauthUri }: { secret: string; otpauthUri: string }) {
  const { t } = useTranslation();
  return (
    <div className="enrolment">
      <p>{t('officialSignIn.enrolIntro')}</p>
      <ol className="steps">
        <li>{t('officialSignIn.enrolStepApp')}</li>
        <li>
          {t('officialSignIn.enrolStepKey')}
          <p className="secret" data-testid="totp-secret"><code>{groupKey(secret)}</code></p>
          <CopyButton text={secret} label={t('officialSignIn.copyKey')} />
        </li>
        <li>
          {t('officialSignIn.enrolStepLink')}
          <p className="otpauth"><code>{otpauthUri}</code></p>
          <CopyButton text={otpauthUri} label={t('officialSignIn.copyLink')} />
        </li>
        <li>{t('officialSignIn.enrolStepCode')}</li>
      </ol>
    </div>
  );
}

function CodeStep({ step, onRestart }: { step: Extract<Step, { kind: 'code' }>; onRestart: (notice: string) => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const verify = useTotpStep();
  const [code, setCode] = useState('');
  const [badFormat, setBadFormat] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Enrolment puts a lot above the code field: start at the top of it, not at the field.
  useEffect(() => { (step.enrolment ? heading : input).current?.focus(); }, [step.enrolment]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (verify.isPending) return;
    if (!/^\d{6}$/.test(code)) return setBadFormat(true);
    setBadFormat(false);
    verify.mutate({ challengeToken: step.challengeToken, code }, {
      onError: (error) => {
        // The challenge is spent or the account locked: only a new password step can help.
        if (error instanceof ApiError && (error.code === 'CODE_ATTEMPTS_EXCEEDED' || error.code === 'ACCOUNT_LOCKED'
          || (error.code === 'CODE_INVALID' && attemptsLeftOf(error) === null))) {
          onRestart(message(error));
        }
      },
    });
  };

  const attemptsLeft = attemptsLeftOf(verify.error);
  const codeError = badFormat ? t('officialSignIn.codeFormat')
    : verify.error ? `${message(verify.error)}${attemptsLeft !== null ? ` ${t('officialSignIn.attemptsLeft', { count: attemptsLeft })}` : ''}` : undefined;

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <h2 tabIndex={-1} ref={heading}>
        {t(step.enrolment ? 'officialSignIn.enrolHeading' : 'officialSignIn.codeHeading')}
      </h2>
      {step.enrolment ? <Enrolment {...step.enrolment} /> : <p>{t('officialSignIn.codeIntro')}</p>}
      <Field label={t('officialSignIn.codeLabel')} hint={t('officialSignIn.codeHint')} error={codeError}>
        {(control) => (
          <input {...control} ref={input} type="text" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]*"
            maxLength={6} className="input--code" required value={code}
            onChange={(event) => setCode(event.target.value.replace(/\D/g, ''))} />
        )}
      </Field>
      <SubmitButton busy={verify.isPending} wide>{t('officialSignIn.verify')}</SubmitButton>
    </form>
  );
}

function attemptsLeftOf(error: unknown): number | null {
  if (!(error instanceof ApiError)) return null;
  const left = (error.details as { attemptsLeft?: unknown } | undefined)?.attemptsLeft;
  return typeof left === 'number' ? left : null;
}

function ChangePasswordStep({ knownPassword }: { knownPassword: string | null }) {
  const { t } = useTranslation();
  const change = useChangeInitialPassword();
  const [current, setCurrent] = useState(knownPassword ?? '');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<'current' | 'short' | 'mismatch' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { heading.current?.focus(); }, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    if (current === '') return setProblem('current');
    if (next.length < 10) return setProblem('short');
    if (next !== repeat) return setProblem('mismatch');
    setProblem(null);
    change.mutate({ currentPassword: current, newPassword: next });
  };

  const fields = fieldErrorsOf(change.error);
  const formError = change.error && !fields.newPassword && !fields.currentPassword ? change.error : null;

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <h2 tabIndex={-1} ref={heading}>{t('officialSignIn.changeHeading')}</h2>
      <p>{t('officialSignIn.changeIntro')}</p>
      <FormError error={formError} />
      {knownPassword === null && (
        <Field label={t('password.current')} error={problem === 'current' ? t('password.currentMissing') : fields.currentPassword}>
          {(control) => (
            <input {...control} type="password" autoComplete="current-password" maxLength={200} required
              value={current} onChange={(event) => setCurrent(event.target.value)} />
          )}
        </Field>
      )}
      <Field label={t('password.new')} hint={t('password.rules')}
        error={problem === 'short' ? t('password.tooShort') : fields.newPassword ?? (knownPassword !== null ? fields.currentPassword : undefined)}>
        {(control) => (
          <input {...control} type="password" autoComplete="new-password" minLength={10} maxLength={200} required
            value={next} onChange={(event) => setNext(event.target.value)} />
        )}
      </Field>
      <Field label={t('password.repeat')} error={problem === 'mismatch' ? t('password.mismatch') : undefined}>
        {(control) => (
          <input {...control} type="password" autoComplete="new-password" maxLength={200} required
            value={repeat} onChange={(event) => setRepeat(event.target.value)} />
        )}
      </Field>
      <SubmitButton busy={change.isPending} wide>{t('password.save')}</SubmitButton>
    </form>
  );
}

export function OfficialSignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo')) ?? routes.profile;
  const session = useSession();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [notice, setNotice] = useState<string | null>(null);
  // Kept only for the few minutes of this page, so the initial password is not asked for twice.
  const [password, setPassword] = useState<string | null>(null);

  const me = session.data;
  if (me && !me.mustChangePassword) return <Navigate to={returnTo} replace />;

  return (
    <div className="narrow">
      <PageHeader title={t('officialSignIn.title')}>
        <p className="lead">{t('officialSignIn.intro')}</p>
      </PageHeader>
      {session.isPending ? <LoadingState />
        : me?.mustChangePassword ? <ChangePasswordStep knownPassword={password} />
          : step.kind === 'password'
            ? <PasswordStep notice={notice} onSecondFactor={(next, typed) => { setNotice(null); setPassword(typed); setStep(next); }} />
            : <CodeStep step={step} onRestart={(text) => { setNotice(text); setPassword(null); setStep({ kind: 'password' }); }} />}
      <p className="sign-in__official">
        <Link to={routes.signIn}>{t('officialSignIn.citizenLink')}</Link>
      </p>
    </div>
  );
}
