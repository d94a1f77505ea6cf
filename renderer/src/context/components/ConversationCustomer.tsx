import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { CustomerSearchHit } from '../../customers/customerRecords';
import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';
import { isolatedLtr } from '../../ui/safeText';
import { ContextSection } from './IdentitySection';
import { useHeldByOther } from '../../social/useHeldByOther';

/**
 * The open conversation's author, on top of the context column: who they
 * are as a customer (the panel below shows their history), with "Call" to
 * each recorded or proven number and "Send private message"; or, for an
 * author nobody has linked, "Create customer" and "Link to customer".
 * While a colleague handles the conversation, calling and messaging from it
 * are theirs (the call would join their case): disabled, saying so.
 */
export function ConversationCustomer() {
  const { t } = useTranslation();
  const heldReasonId = useId();
  const { author, callAuthor, messagePrivately, create } = useTandemStore(
    useShallow((state) => ({
      author: state.conversationAuthor,
      callAuthor: state.callAuthor,
      messagePrivately: state.messageAuthorPrivately,
      create: state.createCustomerForAuthor,
    })),
  );
  const heldBy = useHeldByOther(author?.conversationId ?? '');
  if (author === null) return null;
  const held = heldBy !== null;
  return (
    <ContextSection title={t('context.author.title')} className="context-author">
      <p className="context-author-who">
        {author.customer !== null && (
          <>
            <strong>
              <InertText text={author.customer.name} />
            </strong>{' '}
          </>
        )}
        <InertText text={`@${author.handle}`} dir="ltr" />
      </p>
      {author.status === 'loading' && <p className="context-muted">{t('context.author.loading')}</p>}
      {author.status === 'unknown' && (
        <>
          <p className="context-muted">{t('context.author.unknown')}</p>
          <button type="button" className="button button-small" onClick={() => void create()}>
            {t('context.author.create')}
          </button>
          <LinkAuthor />
        </>
      )}
      {author.status === 'known' && (
        <div className="customer-io-actions">
          {author.numbers.length === 0 && <p className="context-muted">{t('context.author.noNumber')}</p>}
          {author.numbers.map((number) => (
            <button
              key={number.value}
              type="button"
              className="button button-small"
              disabled={held}
              aria-describedby={held ? heldReasonId : undefined}
              onClick={() => void callAuthor(number.value)}
            >
              {t('context.author.call', { number: isolatedLtr(number.value) })}
            </button>
          ))}
          <button type="button" className="button button-small" disabled={held} aria-describedby={held ? heldReasonId : undefined} onClick={messagePrivately}>
            {t('context.author.sendPrivate')}
          </button>
          {held && (
            <p id={heldReasonId} className="context-muted">
              <InertText text={t('offline.case.heldBy', { name: heldBy })} />
            </p>
          )}
        </div>
      )}
    </ContextSection>
  );
}

/** "Link to customer": find them by name, number or handle; the handle becomes one of their (unverified) links. */
function LinkAuthor() {
  const { t } = useTranslation();
  const searchId = useId();
  const [open, setOpen] = useState(false);
  const { search, searchCustomers, link } = useTandemStore(
    useShallow((state) => ({ search: state.customerSearch, searchCustomers: state.searchCustomers, link: state.linkAuthorToCustomer })),
  );
  if (!open)
    return (
      <button type="button" className="button button-small" onClick={() => setOpen(true)}>
        {t('context.author.link')}
      </button>
    );
  return (
    <>
      <form className="context-inline-form" role="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={searchId} className="context-label">
          {t('context.author.linkSearch')}
        </label>
        <input id={searchId} type="search" value={search.query} maxLength={200} onChange={(event) => void searchCustomers(event.target.value)} />
      </form>
      {search.hits !== null && (
        <ul className="context-list" aria-label={t('customers.results')}>
          {search.hits.map((hit: CustomerSearchHit) => (
            <li key={hit.customer.id} className="context-hit">
              <button type="button" className="button button-small" onClick={() => void link(hit.customer.id)}>
                {t('context.author.linkTo', { name: hit.customer.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
