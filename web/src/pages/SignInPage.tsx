/**
 * Citizens sign in — and register, the first time — with a mobile number and a one-time code
 * (or a password they set themselves), or with VNeID. Afterwards they go back to `returnTo`.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import {
  accountLinks, usePhonePasswordSignIn, useSession, useStartPhoneSignIn, useVerifyPhoneCode, useVneidStatus,
} from '../api/account';
import { PageHeader } from '../components/PageHeader';
import { Field, FormError, SubmitButton } from '../components/Form';
import { ShieldIcon } from '../components/Icons';
import { useErrorMessage } from '../components/QueryState';
import { fieldErrorsOf } from '../lib/fieldErrors';
import { useFormatters } from '../lib/format';
import { compactPhone, formatPhone } from '../lib/phone';
import { safeReturnTo } from '../lib/returnTo';
import { useSecondsUntil } from '../lib/useCountdown';
import { routes } from '../routes';

interface Challenge {
  phone: string;
  challengeId: string;
  resendAfter: number;
  expiresAt: number;
}

/** Seconds the server asks us to wait (429 CODE_RESEND_TOO_SOON, RATE_LIMITED), if it said. */
function retryAfterOf(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 429) return null;
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds : null;
}

/** The server's words for a refused phone number or code: the field's own message if it gave one. */
function useFieldMessage() {
  const message = useErrorMessage();
  return (error: unknown, field: string): string | undefined => {
    if (error === null || error === undefined) return undefined;
    const own = fieldErrorsOf(error)[field];
    return own ?? message(error);
  };
}

function PhoneStep({ onSent }: { onSent: (challenge: Challenge) => void }) {
  const { t } = useTranslation();
  const fieldMessage = useFieldMessage();
  const start = useStartPhoneSignIn();
  const passwordSignIn = usePhonePasswordSignIn();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [withPassword, setWithPassword] = useState(false);
  const [missing, setMissing] = useState<'phone' | 'password' | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (start.isPending || passwordSignIn.isPending) return;
    const typed = compactPhone(phone);
    if (typed === '') return setMissing('phone');
    if (withPassword && password === '') return setMissing('password');
    setMissing(null);
    if (withPassword) {
      passwordSignIn.mutate({ phone: typed, password });
      return;
    }
    start.mutate(typed, {
      onSuccess: (sent) => onSent({
        phone: typed, challengeId: sent.challengeId,
        resendAfter: Date.parse(sent.resendAfter), expiresAt: Date.parse(sent.expiresAt),
      }),
    });
  };

  const passwordPhoneError = fieldErrorsOf(passwordSignIn.error).phone;
  const phoneError = missing === 'phone'
    ? t('signIn.phoneMissing')
    : withPassword ? passwordPhoneError : fieldMessage(start.error, 'phone');
  // Said once, as the server answered: a ticking number in a live region would be read out every second.
  const wait = retryAfterOf(start.error);
  const waitText = withPassword || wait === null ? ''
    : ` ${wait > 90 ? t('signIn.waitMinutes', { count: Math.ceil(wait / 60) }) : t('signIn.waitSeconds', { count: wait })}`;
  const passwordError = missing === 'password'
    ? t('signIn.passwordMissing')
    : withPassword && !passwordPhoneError ? fieldMessage(passwordSignIn.error, 'password') : undefined;

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <h2>{t(withPassword ? 'signIn.passwordHeading' : 'signIn.phoneHeading')}</h2>
      <Field label={t('signIn.phoneLabel')} hint={t('signIn.phoneHint')} error={phoneError && `${phoneError}${waitText}`}>
        {(control) => (
          <input {...control} type="tel" inputMode="tel" autoComplete="tel" maxLength={20} required
            value={phone} onChange={(event) => setPhone(event.target.value)} />
        )}
      </Field>
      {withPassword && (
        <Field label={t('signIn.passwordLabel')} error={passwordError}>
          {(control) => (
            <input {...control} type="password" autoComplete="current-password" maxLength={200} required
              value={password} onChange={(event) => setPassword(event.target.value)} />
          )}
        </Field>
      )}
      <SubmitButton busy={start.isPending || passwordSignIn.isPending} wide>
        {t(withPassword ? 'signIn.signInWithPassword' : 'signIn.sendCode')}
      </SubmitButton>
      <p className="form__alternative">
        <button type="button" className="link-button" onClick={() => { setWithPassword(!withPassword); setMissing(null); }}>
          {t(withPassword ? 'signIn.useCodeInstead' : 'signIn.usePasswordInstead')}
        </button>
      </p>
    </form>
  );
}

function CodeStep({ challenge, onResent, onChangeNumber }: {
  challenge: Challenge;
  onResent: (challenge: Challenge) => void;
  onChangeNumber: () => void;
}) {
  const { t } = useTranslation();
  const fieldMessage = useFieldMessage();
  const { date } = useFormatters();
  const verify = useVerifyPhoneCode();
  const resend = useStartPhoneSignIn();
  const [code, setCode] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [badFormat, setBadFormat] = useState(false);
  const [resent, setResent] = useState(false);
  const resendIn = useSecondsUntil(challenge.resendAfter);
  const codeInput = useRef<HTMLInputElement>(null);
  const waitId = useId();

  useEffect(() => { codeInput.current?.focus(); }, [challenge.challengeId]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (verify.isPending) return;
    const digits = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(digits)) return setBadFormat(true);
    setBadFormat(false);
    const name = displayName.trim();
    verify.mutate({ challengeId: challenge.challengeId, code: digits, ...(name ? { displayName: name } : {}) });
  };

  const sendAgain = () => {
    if (resendIn > 0 || resend.isPending) return;
    setResent(false);
    resend.mutate(challenge.phone, {
      onSuccess: (sent) => {
        verify.reset();
        setCode('');
        setResent(true);
        onResent({ ...challenge, challengeId: sent.challengeId, resendAfter: Date.parse(sent.resendAfter), expiresAt: Date.parse(sent.expiresAt) });
      },
    });
  };

  const codeError = badFormat ? t('signIn.codeFormat') : fieldMessage(verify.error ?? resend.error, 'code');

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <h2>{t('signIn.codeHeading')}</h2>
      <p>{t('signIn.codeSent', { phone: formatPhone(toE164(challenge.phone)), time: date(new Date(challenge.expiresAt), { timeStyle: 'short' }) })}</p>
      <Field label={t('signIn.codeLabel')} hint={t('signIn.codeHint')} error={codeError}>
        {(control) => (
          <input {...control} ref={codeInput} type="text" inputMode="numeric" autoComplete="one-time-code"
            pattern="[0-9]*" maxLength={6} className="input--code" required
            value={code} onChange={(event) => setCode(event.target.value.replace(/\D/g, ''))} />
        )}
      </Field>
      <Field label={t('signIn.displayNameLabel')} hint={t('signIn.displayNameHint')} error={fieldErrorsOf(verify.error).displayName}>
        {(control) => (
          <input {...control} type="text" autoComplete="name" maxLength={100}
            value={displayName} onChange={(event) => setDisplayName(event.target.value)} />
        )}
      </Field>
      <SubmitButton busy={verify.isPending} wide>{t('signIn.confirmCode')}</SubmitButton>
      <div className="resend">
        <button type="button" className="button button--secondary" onClick={sendAgain}
          aria-disabled={resendIn > 0 || resend.isPending || undefined} aria-describedby={waitId}>
          {t('signIn.resend')}
        </button>
        <p id={waitId} className="hint">
          {resendIn > 0 ? t('signIn.resendIn', { count: resendIn }) : t('signIn.resendReady')}
        </p>
        <p className="saved-status" role="status">{resent ? t('signIn.resent') : ''}</p>
      </div>
      <p className="form__alternative">
        <button type="button" className="link-button" onClick={onChangeNumber}>{t('signIn.changeNumber')}</button>
      </p>
    </form>
  );
}

/** The number as the server will store it, for the "sent to" sentence (display only). */
function toE164(typed: string): string {
  if (typed.startsWith('+')) return typed;
  if (typed.startsWith('84') && typed.length === 11) return `+${typed}`;
  if (typed.startsWith('0')) return `+84${typed.slice(1)}`;
  return typed;
}

function VneidOption({ returnTo }: { returnTo: string }) {
  const { t } = useTranslation();
  const status = useVneidStatus();
  if (!status.data?.enabled) return null;
  return (
    <div className="sign-in__vneid">
      <p className="divider"><span>{t('signIn.or')}</span></p>
      <a className="button button--vneid button--wide" href={accountLinks.vneidStart(returnTo)}>
        <ShieldIcon />{t('signIn.vneid')}
      </a>
      <p className="hint">{t(status.data.standIn ? 'signIn.vneidStandIn' : 'signIn.vneidHint')}</p>
    </div>
  );
}

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo')) ?? routes.profile;
  const session = useSession();
  const [challenge, setChallenge] = useState<Challenge | null>(null);

  // Signed in (just now, or already): carry on to where the person was going.
  if (session.data) return <Navigate to={returnTo} replace />;

  return (
    <div className="narrow">
      <PageHeader title={t('signIn.title')}>
        <p className="lead">{t('signIn.intro')}</p>
      </PageHeader>
      {session.isError && <FormError error={session.error} />}
      {challenge === null
        ? <PhoneStep onSent={setChallenge} />
        : <CodeStep challenge={challenge} onResent={setChallenge} onChangeNumber={() => setChallenge(null)} />}
      <VneidOption returnTo={returnTo} />
      <p className="sign-in__official">
        <Link to={`${routes.officialSignIn}${params.get('returnTo') ? `?${new URLSearchParams({ returnTo })}` : ''}`}>
          {t('signIn.officialLink')}
        </Link>
      </p>
    </div>
  );
}
