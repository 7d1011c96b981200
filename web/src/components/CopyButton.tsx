import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyIcon } from './Icons';

/** Copies `text` to the clipboard and says so; `label` names what is copied ("Copy the key"). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed'); // no clipboard access: the text is on screen to select by hand
    }
  };
  return (
    <span className="copy">
      <button type="button" className="button button--small button--secondary" onClick={() => { void copy(); }}>
        <CopyIcon />{label}
      </button>
      <span className="copy__status" role="status">
        {state === 'copied' ? t('form.copied') : state === 'failed' ? t('form.copyFailed') : ''}
      </span>
    </span>
  );
}
