/** Picture, name, language and notification channels. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  accountLinks, useSaveLanguage, useUpdateProfile, useUploadAvatar, type NotificationPreferences, type Profile,
} from '../../api/account';
import { initialOf } from '../../components/AccountBar';
import { Field, FieldGroup, FormError, SavedStatus, SubmitButton } from '../../components/Form';
import { useErrorMessage } from '../../components/QueryState';
import { changeLanguage, currentLanguage, isLanguage, languages, type Language } from '../../i18n';
import { fieldErrorsOf } from '../../lib/fieldErrors';
import { formatPhone } from '../../lib/phone';

const maxAvatarBytes = 10 * 1024 * 1024;
const avatarTypes = 'image/jpeg,image/png,image/webp,image/heic,image/heif';

function AvatarForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const upload = useUploadAvatar();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [tooBig, setTooBig] = useState(false);
  // The server keeps one picture per account at one address; a new version number skips the cache.
  const [version, setVersion] = useState(() => Date.now());

  useEffect(() => {
    if (!file) return undefined;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file || upload.isPending) return;
    const form = event.currentTarget;
    upload.mutate(file, {
      onSuccess: () => {
        setVersion(Date.now());
        setFile(null);
        setPreview(null);
        form.reset(); // clears the file input
      },
    });
  };

  const error = tooBig ? t('profile.avatarTooBig') : upload.error ? fieldErrorsOf(upload.error).file ?? message(upload.error) : undefined;

  return (
    <form className="avatar-form" onSubmit={submit} noValidate>
      <div className="avatar-form__pictures">
        {profile.hasAvatar
          ? <img className="avatar avatar--large" src={accountLinks.avatar(version)} alt={t('profile.avatarCurrent')} width={96} height={96} />
          : <span className="avatar avatar--large" role="img" aria-label={t('profile.avatarNone')}>{initialOf(profile.displayName)}</span>}
        {preview && (
          <figure className="avatar-form__preview">
            <img className="avatar avatar--large" src={preview} alt={t('profile.avatarPreview')} width={96} height={96} />
            <figcaption className="hint">{t('profile.avatarPreviewCaption')}</figcaption>
          </figure>
        )}
      </div>
      <Field label={t('profile.avatarLabel')} hint={t('profile.avatarHint')} error={error}>
        {(control) => (
          <input {...control} type="file" accept={avatarTypes} className="input--file"
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null;
              upload.reset();
              setTooBig(chosen !== null && chosen.size > maxAvatarBytes);
              setFile(chosen !== null && chosen.size <= maxAvatarBytes ? chosen : null);
              if (chosen === null) setPreview(null);
            }} />
        )}
      </Field>
      {file && <SubmitButton busy={upload.isPending}>{t('profile.avatarSave')}</SubmitButton>}
      <SavedStatus show={upload.isSuccess} text={t('profile.avatarSaved')} />
    </form>
  );
}

function NameForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const update = useUpdateProfile();
  const [name, setName] = useState(profile.displayName);
  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (update.isPending) return;
    const trimmed = name.trim();
    if (trimmed === '') return setMissing(true);
    setMissing(false);
    update.mutate({ displayName: trimmed });
  };

  const fields = fieldErrorsOf(update.error);
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <FormError error={update.error && !fields.displayName ? update.error : null} />
      <Field label={t('profile.displayName')} hint={t('profile.displayNameHint')}
        error={missing ? t('profile.displayNameMissing') : fields.displayName}>
        {(control) => (
          <input {...control} type="text" autoComplete="nickname" maxLength={100} required
            value={name} onChange={(event) => { setName(event.target.value); update.reset(); }} />
        )}
      </Field>
      <SubmitButton busy={update.isPending} variant="secondary">{t('profile.saveName')}</SubmitButton>
      <SavedStatus show={update.isSuccess} />
    </form>
  );
}

/**
 * The language of the app and of what the platform sends (SMS, notifications): one choice. The
 * app switches at once; the account remembers it for messages.
 */
function LanguageChoice() {
  const { t, i18n } = useTranslation();
  const save = useSaveLanguage();
  const selected: Language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : currentLanguage();
  const name = useId();

  const choose = (language: Language) => {
    void changeLanguage(language);
    save.mutate(language);
  };

  return (
    <FieldGroup legend={t('profile.language')} hint={t('profile.languageHint')} error={save.error ? t('profile.languageFailed') : undefined}>
      {({ errorId, invalid }) => (
        <div className="choices choices--inline">
          {languages.map((language) => (
            <label key={language} className="choice" lang={language}>
              <input type="radio" name={name} value={language} checked={selected === language}
                aria-describedby={invalid ? errorId : undefined} onChange={() => choose(language)} />
              {t(`language.${language}`)}
            </label>
          ))}
          <SavedStatus show={save.isSuccess} />
        </div>
      )}
    </FieldGroup>
  );
}

const channels = ['inApp', 'push', 'sms'] as const;

function NotificationChoices({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const update = useUpdateProfile();
  const [prefs, setPrefs] = useState<NotificationPreferences>(profile.notificationPreferences);

  const toggle = (channel: (typeof channels)[number], on: boolean) => {
    const next = { ...prefs, [channel]: on };
    const before = prefs;
    setPrefs(next);
    update.mutate({ notificationPreferences: next }, { onError: () => setPrefs(before) });
  };

  const message = useErrorMessage();
  return (
    <FieldGroup legend={t('profile.notifications')} hint={t('profile.notificationsHint')}
      error={update.error ? message(update.error) : undefined}>
      {({ errorId, invalid }) => (
        <div className="choices">
          {channels.map((channel) => (
            <label key={channel} className="choice">
              <input type="checkbox" checked={prefs[channel]} aria-describedby={invalid ? errorId : undefined}
                onChange={(event) => toggle(channel, event.target.checked)} />
              <span>
                <span className="choice__label">{t(`profile.channels.${channel}`)}</span>
                <span className="choice__hint">{t(`profile.channelHints.${channel}`)}</span>
              </span>
            </label>
          ))}
          <SavedStatus show={update.isSuccess} />
        </div>
      )}
    </FieldGroup>
  );
}

export function PersonalSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  return (
    <section className="card profile-section" aria-labelledby="profile-personal">
      <h2 id="profile-personal">{t('profile.personalHeading')}</h2>
      <AvatarForm profile={profile} />
      <NameForm profile={profile} />
      {profile.phone && (
        <dl className="facts">
          <div><dt>{t('profile.phone')}</dt><dd>{formatPhone(profile.phone)}</dd></div>
        </dl>
      )}
      <LanguageChoice />
      <NotificationChoices profile={profile} />
    </section>
  );
}
