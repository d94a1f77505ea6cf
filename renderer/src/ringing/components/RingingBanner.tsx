import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_SHORTCUTS } from '@tandem/contract';
import { useWrapUpCodes } from '../../context/components/CallNotes';
import { ClampedText } from '../../context/components/ContextText';
import { partyLines } from '../../softphone/partyText';
import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';
import { ringingIdentity, type RingingIdentity } from '../ringingIdentity';
import '../../styles/ringing.css';

/** Important notes shown on the banner; the panel beside it lists every note. */
const MAX_BANNER_NOTES = 3;

/**
 * Identity first (issue 12, item 5): while a call rings in, a banner across the top of the desk says who it is
 * before the agent answers — the matched customer's name, whether a social account of theirs is proven, an open
 * complaint, how their last call was wrapped up and the notes marked important — with Answer and Decline under
 * it. An unknown caller shows as the network named them, the number left to right. Everything shown comes from
 * the screen pop's cached read (no network), so it is on screen as fast as the panel.
 */
export function RingingBanner() {
  const source = useTandemStore(
    useShallow((state) => ({ calls: state.calls, contextCall: state.contextCall, contextStatus: state.contextStatus, customerContext: state.customerContext })),
  );
  const identity = useMemo(() => ringingIdentity(source), [source]);
  return identity === null ? null : <Banner identity={identity} />;
}

function Banner({ identity }: { readonly identity: RingingIdentity }) {
  const { t } = useTranslation();
  const labelId = useId();
  const { call, customer } = identity;
  const actions = useTandemStore(useShallow((state) => ({ answer: state.answer, decline: state.decline })));
  const keys = useTandemStore((state) => state.settings?.shortcuts ?? DEFAULT_SHORTCUTS);
  const codes = useWrapUpCodes();
  const party = partyLines(call.remote);
  const wrapUp = customer?.lastWrapUpCode == null ? null : (codes.find((code) => code.id === customer.lastWrapUpCode)?.label ?? customer.lastWrapUpCode);
  const notes = customer?.importantNotes.slice(0, MAX_BANNER_NOTES) ?? [];

  return (
    <section className="ringing-banner" aria-labelledby={labelId} data-matched={customer !== null}>
      <div className="ringing-who">
        <p id={labelId} className="ringing-label">
          {t('ringing.label')}
        </p>
        <h2 className="ringing-name">
          {customer !== null ? (
            <InertText text={customer.name} />
          ) : party.address === '' ? (
            // No display name: the number (or address) is the name, read left to right in every language.
            <InertText text={party.name === '' ? t('ringing.unknownCaller') : party.name} dir="ltr" />
          ) : (
            <InertText text={party.name} />
          )}
        </h2>
        {/* The number as well, under a customer's name or the network's display name. */}
        {(customer !== null || party.address !== '') && (
          <p className="ringing-address">
            <InertText text={customer !== null && party.address === '' ? party.name : party.address} dir="ltr" />
          </p>
        )}
        {customer !== null && (customer.verified || customer.openComplaint || wrapUp !== null) && (
          <ul className="ringing-facts">
            {customer.verified && <li className="context-badge context-badge-verified">{t('ringing.verified')}</li>}
            {customer.openComplaint && <li className="context-badge context-badge-complaint">{t('ringing.openComplaint')}</li>}
            {wrapUp !== null && (
              <li className="ringing-wrap-up">
                {t('ringing.lastWrapUp')} <InertText text={wrapUp} className="ringing-wrap-up-code" />
              </li>
            )}
          </ul>
        )}
        {customer === null && !identity.looking && <p className="ringing-unknown">{t('ringing.noCustomer')}</p>}
      </div>
      {notes.length > 0 && (
        <section className="ringing-notes" aria-label={t('ringing.importantNotes')}>
          <p className="ringing-notes-title" aria-hidden="true">
            {t('ringing.importantNotes')}
          </p>
          <ul>
            {notes.map((note) => (
              <li key={note.id}>
                <ClampedText text={note.text} lines={2} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="ringing-actions">
        <button type="button" className="button button-ok" aria-keyshortcuts={keys.answer} onClick={() => void actions.answer(call.id)}>
          {t('softphone.actions.answer')}
        </button>
        <button type="button" className="button button-danger" aria-keyshortcuts={keys.decline} onClick={() => void actions.decline(call.id)}>
          {t('softphone.actions.decline')}
        </button>
      </div>
    </section>
  );
}
