import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { displayText, isolatedLtr } from '../../ui/safeText';

/**
 * Phone numbers sent privately (claims, never proof) that named nobody: no
 * customer has the number, or several share it. Shown whatever the panel
 * shows, so the agent learns that someone tried and can link the right
 * customer another way (a number sent privately that names one customer is
 * recorded on them as claimed, unverified: IdentitySection).
 */
export function UnlinkedProofs() {
  const { t } = useTranslation();
  const headingId = useId();
  const { proofs, dismiss } = useTandemStore(useShallow((state) => ({ proofs: state.unlinkedProofs, dismiss: state.dismissUnlinkedProof })));
  if (proofs.length === 0) return null;
  return (
    <section className="context-unlinked" aria-labelledby={headingId}>
      <h3 id={headingId} className="context-section-title">
        {t('context.unlinkedProofs.title')}
      </h3>
      <ul className="context-list">
        {proofs.map((proof) => (
          <li key={proof.evidenceUri} className="context-unlinked-proof">
            {/* Our sentence around network values: each value cleaned, the number isolated left to right. */}
            <span>{t(`context.unlinkedProofs.${proof.reason}`, { handle: displayText(proof.handle), phone: isolatedLtr(proof.phone) })}</span>
            <button
              type="button"
              className="button button-quiet button-small"
              aria-label={t('context.unlinkedProofs.dismiss', { handle: proof.handle, phone: proof.phone })}
              onClick={() => dismiss(proof.evidenceUri)}
            >
              {t('problems.dismiss')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
