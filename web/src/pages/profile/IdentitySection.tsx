/**
 * Identity level in plain words (what each level unlocks), and how to reach level 2: the citizen
 * ID details (checked by the server against the number's province, century, year and gender
 * digits; each problem comes back for its own field) or VNeID.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { accountLinks, useVerifyIdentity, useVneidStatus, type Gender, type Profile } from '../../api/account';
import { Field, FieldGroup, FormError, SubmitButton } from '../../components/Form';
import { ShieldIcon } from '../../components/Icons';
import { identityLevels, knownLevel, LevelBadge } from '../../components/LevelBadge';
import { fieldErrorsOf, otherFieldErrors } from '../../lib/fieldErrors';
import { useFormatters } from '../../lib/format';
import { routes } from '../../routes';

const genders: readonly Gender[] = ['male', 'female'];
const identityFields = ['idNumber', 'fullName', 'dateOfBirth', 'gender'] as const;
type IdentityField = (typeof identityFields)[number];

function LevelsExplained({ level }: { level: number }) {
  const { t } = useTranslation();
  const current = knownLevel(level);
  return (
    <ol className="levels">
      {identityLevels.map((each) => (
        <li key={each} className={`levels__item${each === current ? ' levels__item--current' : ''}${each < current ? ' levels__item--done' : ''}`}
          aria-current={each === current ? 'step' : undefined}>
          <p className="levels__name">
            {t('level.short', { level: each })} — {t(`level.names.${each}`)}
            {each === current && <span className="levels__you">{t('level.youAreHere')}</span>}
          </p>
          <p className="levels__unlocks">{t(`level.unlocks.${each}`)}</p>
        </li>
      ))}
    </ol>
  );
}

function VerifiedIdentity({ identity }: { identity: NonNullable<Profile['identity']> }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const gender = genders.find((g) => g === identity.gender);
  return (
    <dl className="facts identity-facts" data-testid="identity-facts">
      <div><dt>{t('identity.idNumber')}</dt><dd className="identity-facts__number">{identity.idNumberMasked}</dd></div>
      <div><dt>{t('identity.fullName')}</dt><dd>{identity.fullName}</dd></div>
      <div><dt>{t('identity.dateOfBirth')}</dt><dd>{date(new Date(`${identity.dateOfBirth}T12:00:00Z`), { dateStyle: 'long' })}</dd></div>
      <div><dt>{t('identity.gender')}</dt><dd>{gender ? t(`identity.genders.${gender}`) : identity.gender}</dd></div>
      <div><dt>{t('identity.source')}</dt><dd>{identity.source === 'vneid' ? t('identity.sourceVneid') : t('identity.sourceSelf')}</dd></div>
      <div><dt>{t('identity.verifiedAt')}</dt><dd>{date(new Date(identity.verifiedAt), { dateStyle: 'medium', timeStyle: 'short' })}</dd></div>
    </dl>
  );
}

function IdentityForm({ onVerified }: { onVerified: () => void }) {
  const { t } = useTranslation();
  const verify = useVerifyIdentity();
  const [values, setValues] = useState({ idNumber: '', fullName: '', dateOfBirth: '', gender: '' as Gender | '' });
  const [missing, setMissing] = useState<Partial<Record<IdentityField, string>>>({});
  const radioName = useId();
  const form = useRef<HTMLFormElement>(null);

  const set = (field: IdentityField, value: string) => setValues((before) => ({ ...before, [field]: value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (verify.isPending) return;
    const problems: Partial<Record<IdentityField, string>> = {};
    if (!/^\d{12}$/.test(values.idNumber)) problems.idNumber = t('identity.idNumberFormat');
    if (values.fullName.trim().length < 2) problems.fullName = t('identity.fullNameMissing');
    if (values.dateOfBirth === '') problems.dateOfBirth = t('identity.dateOfBirthMissing');
    if (values.gender === '') problems.gender = t('identity.genderMissing');
    setMissing(problems);
    if (Object.keys(problems).length > 0 || values.gender === '') {
      focusFirstInvalid(form.current, problems);
      return;
    }
    verify.mutate({ idNumber: values.idNumber, fullName: values.fullName.trim(), dateOfBirth: values.dateOfBirth, gender: values.gender }, {
      onSuccess: onVerified,
      onError: (error) => focusFirstInvalid(form.current, fieldErrorsOf(error)),
    });
  };

  const server = fieldErrorsOf(verify.error);
  const errorFor = (field: IdentityField) => missing[field] ?? server[field];
  const unplaced = otherFieldErrors(server, identityFields);
  const formError = verify.error && identityFields.every((field) => !server[field]) ? verify.error : null;

  return (
    <form ref={form} className="form identity-form" onSubmit={submit} noValidate aria-labelledby="identity-form-heading">
      <h3 id="identity-form-heading">{t('identity.formHeading')}</h3>
      <p className="hint">{t('identity.formIntro')}</p>
      <FormError error={formError ?? (unplaced.length > 0 ? verify.error : null)} />
      <Field label={t('identity.idNumber')} hint={t('identity.idNumberHint')} error={errorFor('idNumber')}>
        {(control) => (
          <input {...control} data-field="idNumber" type="text" inputMode="numeric" autoComplete="off" pattern="[0-9]*" maxLength={12} required
            value={values.idNumber} onChange={(event) => set('idNumber', event.target.value.replace(/\D/g, ''))} />
        )}
      </Field>
      <Field label={t('identity.fullName')} hint={t('identity.fullNameHint')} error={errorFor('fullName')}>
        {(control) => (
          <input {...control} data-field="fullName" type="text" autoComplete="name" maxLength={100} required
            value={values.fullName} onChange={(event) => set('fullName', event.target.value)} />
        )}
      </Field>
      <Field label={t('identity.dateOfBirth')} error={errorFor('dateOfBirth')}>
        {(control) => (
          <input {...control} data-field="dateOfBirth" type="date" autoComplete="bday" required min="1900-01-01"
            value={values.dateOfBirth} onChange={(event) => set('dateOfBirth', event.target.value)} />
        )}
      </Field>
      <FieldGroup legend={t('identity.gender')} error={errorFor('gender')} className="gender-group">
        {({ errorId, invalid }) => (
          <div className="choices choices--inline">
            {genders.map((gender) => (
              <label key={gender} className="choice">
                <input type="radio" name={radioName} data-field="gender" value={gender} checked={values.gender === gender}
                  aria-invalid={invalid || undefined} aria-describedby={invalid ? errorId : undefined}
                  onChange={() => set('gender', gender)} />
                {t(`identity.genders.${gender}`)}
              </label>
            ))}
          </div>
        )}
      </FieldGroup>
      <SubmitButton busy={verify.isPending}>{t('identity.submit')}</SubmitButton>
    </form>
  );
}

/** After a refused submit, start the person at the first field the problem is about. */
function focusFirstInvalid(form: HTMLFormElement | null, problems: Partial<Record<string, string>>): void {
  const first = identityFields.find((field) => problems[field]);
  if (!form || !first) return;
  // Wait for the error text to be rendered and tied to the input, then move there.
  requestAnimationFrame(() => form.querySelector<HTMLInputElement>(`[data-field="${first}"]`)?.focus());
}

function VneidLink() {
  const { t } = useTranslation();
  const status = useVneidStatus();
  if (!status.data?.enabled) return null;
  return (
    <div className="identity-vneid">
      <p>{t('identity.vneidIntro')}</p>
      <a className="button button--vneid" href={accountLinks.vneidStart(routes.profile)}><ShieldIcon />{t('identity.vneidLink')}</a>
    </div>
  );
}

export function IdentitySection({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const citizen = profile.kind === 'citizen';
  const heading = useRef<HTMLHeadingElement>(null);
  const [justVerified, setJustVerified] = useState(false);
  return (
    <section className="card profile-section" aria-labelledby="profile-identity">
      <h2 id="profile-identity" ref={heading} tabIndex={-1}>{t('identity.heading')}</h2>
      <p className="saved-status" role="status">{justVerified ? t('identity.verified') : ''}</p>
      <p className="identity-level">
        {t('identity.yourLevel')} <LevelBadge level={profile.identityLevel} />
      </p>
      <p>{t('identity.explain')}</p>
      <LevelsExplained level={profile.identityLevel} />
      {profile.identity
        ? <VerifiedIdentity identity={profile.identity} />
        : citizen && (
          <>
            <IdentityForm onVerified={() => {
              setJustVerified(true);
              // The form is gone: keep the keyboard in this section rather than at the top of the page.
              requestAnimationFrame(() => heading.current?.focus());
            }} />
            {!profile.vneidLinked && <VneidLink />}
          </>
        )}
    </section>
  );
}
