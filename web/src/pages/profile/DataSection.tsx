/**
 * The owner's rights over their data (Decree 13/2023/NĐ-CP): take a copy of everything, or erase
 * the account. Erasing asks once more in a dialog, then signs out and goes home.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accountLinks, useDeleteAccount, type Profile } from '../../api/account';
import { useEndSession } from '../../auth/endSession';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DownloadIcon } from '../../components/Icons';
import { useErrorMessage } from '../../components/QueryState';

function DeleteAccount() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const remove = useDeleteAccount();
  const endSession = useEndSession();
  const [open, setOpen] = useState(false);

  return (
    <div className="danger-zone">
      <h3>{t('data.deleteHeading')}</h3>
      <p>{t('data.deleteIntro')}</p>
      <button type="button" className="button button--danger" onClick={() => { remove.reset(); setOpen(true); }}>
        {t('data.delete')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('data.confirmTitle')}
        confirmLabel={t('data.confirmDelete')}
        busy={remove.isPending}
        onClose={() => setOpen(false)}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => endSession('accountDeleted') })}
      >
        <p>{t('data.confirmText')}</p>
        <ul className="bullets">
          <li>{t('data.confirmErased')}</li>
          <li>{t('data.confirmKept')}</li>
          <li>{t('data.confirmFinal')}</li>
        </ul>
        <div role="alert">{remove.error && <p className="notice notice--error">{message(remove.error)}</p>}</div>
      </ConfirmDialog>
    </div>
  );
}

export function DataSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  return (
    <section className="card profile-section" aria-labelledby="profile-data">
      <h2 id="profile-data">{t('data.heading')}</h2>
      <p>{t('data.exportIntro')}</p>
      <p>
        <a className="button button--secondary" href={accountLinks.export} download>
          <DownloadIcon />{t('data.export')}
        </a>
      </p>
      {profile.kind === 'citizen' ? <DeleteAccount /> : <p className="hint">{t('data.officialNoDelete')}</p>}
    </section>
  );
}
