import { useState } from 'preact/hooks';
import type { PersonaLanguage } from '../../shared/wire.ts';
import { labelsFor } from './labels.ts';

export interface NewPerson {
  name: string;
  language: PersonaLanguage;
  openInvite: boolean;
}

/** Someone who is not in the village yet: a Telegram name and language, and the invite link to open. */
export function NewPersonDialog(props: {
  language: PersonaLanguage;
  onCreate: (person: NewPerson) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<PersonaLanguage>(props.language);
  const [openInvite, setOpenInvite] = useState(true);
  const t = labelsFor(language);
  return (
    <div class="dialog-backdrop">
      <form
        class="dialog"
        aria-label={t('newPersonTitle')}
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) props.onCreate({ name: name.trim(), language, openInvite });
        }}
      >
        <h2>{t('newPersonTitle')}</h2>
        <label>
          {t('name')}
          <input
            name="name"
            value={name}
            required
            maxLength={64}
            onInput={(event) => setName((event.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t('language')}
          <select
            name="language"
            value={language}
            onChange={(event) => setLanguage((event.target as HTMLSelectElement).value as PersonaLanguage)}
          >
            <option value="zh">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={openInvite}
            onChange={(event) => setOpenInvite((event.target as HTMLInputElement).checked)}
          />
          {t('openInvite')}
        </label>
        <div class="actions">
          <button type="button" onClick={props.onCancel}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary">
            {t('create')}
          </button>
        </div>
      </form>
    </div>
  );
}
