import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerSearchHit } from '../customerRecords';
import { InertText } from '../../ui/InertText';

/** Search hits with one action each; the button names its customer so screen readers hear which one. */
export function CustomerHitList({
  hits,
  label,
  action,
  onPick,
}: {
  readonly hits: readonly CustomerSearchHit[];
  readonly label: string;
  readonly action: string;
  readonly onPick: (customerId: string) => void;
}) {
  const { t } = useTranslation();
  if (hits.length === 0) return <p className="customer-tools-muted">{t('customers.noMatches')}</p>;
  return (
    <ul className="customers-hits" aria-label={label}>
      {hits.map((hit) => (
        <HitRow key={hit.customer.id} hit={hit} action={action} onPick={onPick} />
      ))}
    </ul>
  );
}

function HitRow({ hit, action, onPick }: { readonly hit: CustomerSearchHit; readonly action: string; readonly onPick: (customerId: string) => void }) {
  const { t } = useTranslation();
  const nameId = useId();
  const { customer, identity } = hit;
  return (
    <li className="customers-hit">
      <span id={nameId} className="customers-hit-name">
        <InertText text={customer.name} />
      </span>
      {identity !== null && (
        <span className="customer-tools-muted">
          {t(`identity.kind.${identity.kind}`)} <InertText text={identity.value} dir={identity.kind === 'phone' || identity.kind === 'sip' ? 'ltr' : 'auto'} />
        </span>
      )}
      {/* Every row's button says the same word: the name it acts on is its description. */}
      <button type="button" className="button button-small" aria-describedby={nameId} onClick={() => onPick(customer.id)}>
        {action}
      </button>
    </li>
  );
}
