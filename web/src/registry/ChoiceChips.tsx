import { useTranslation } from 'react-i18next';
import { CONSENT_CHOICES, type ConsentChoices } from './types';

/** The five consent choices as yes/no chips. */
export function ChoiceChips({ choices }: { choices: Partial<ConsentChoices> | null }) {
  const { t } = useTranslation('registry');
  if (!choices) return null;
  return (
    <ul className="chips">
      {CONSENT_CHOICES.map((c) => (
        <li key={c} className={choices[c] ? 'chip yes' : 'chip no'}>
          {t(choices[c] ? 'members.choiceYes' : 'members.choiceNo', { choice: t(`consentChoice.${c}.short`) })}
        </li>
      ))}
    </ul>
  );
}
