import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { CallInfo } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { CALLER_NAME_TIMING } from '../contextSlice';
import { usePaintedFor } from '../../dom/usePaintedFor';
import { InertText } from '../../ui/InertText';
import { EmptyState } from '../../ui/Region';
import { CallNotes } from './CallNotes';
import { Timeline } from './Timeline';
import { ContextNotes } from './ContextHistory';
import { ContextPosts } from './ContextPosts';
import { ClampedText } from './ContextText';
import { CustomerFinder } from './CustomerFinder';
import { IdentitySection } from './IdentitySection';

/**
 * The screen pop: who is calling (from Dexie at once, live profiles after),
 * this call's notes and wrap-up code (near the top: typed into during the
 * call), what they said about us, their timeline and notes. Stays after
 * hang-up until closed or another call rings.
 */
export function CallerContext() {
  const { t } = useTranslation();
  const { status, call, context, candidates, problem } = useTandemStore(
    useShallow((state) => ({
      status: state.contextStatus,
      call: state.contextCall,
      context: state.customerContext,
      candidates: state.contextCandidates,
      problem: state.contextProblem,
    })),
  );
  const closeContext = useTandemStore((state) => state.closeContext);
  const openCustomer = useTandemStore((state) => state.openCustomer);
  const dismissProblem = useTandemStore((state) => state.dismissContextProblem);
  // A new customer's history (posts, timeline, notes: most of the panel's layout) follows one frame after who they are.
  const shownId = status === 'known' ? (context?.customer.id ?? null) : null;
  // A first ring's context may hold only who they are for a moment (historyPending): the history follows when read.
  const historyShown = usePaintedFor(shownId) && context?.historyPending !== true;

  if (status === 'idle') return <EmptyState>{t('context.empty')}</EmptyState>;
  return (
    <div className="context" aria-busy={status === 'loading'} data-history={historyShown ? 'shown' : 'pending'}>
      <div className="context-top">
        {call !== null && <CallLine call={call} />}
        <button type="button" className="button button-quiet button-small" onClick={() => void closeContext()}>
          {t('context.close')}
        </button>
      </div>
      {problem !== null && (
        <div className="context-problem" role="alert">
          <p>{t(`context.problems.${problem.operation}`)}</p>
          <button type="button" className="button button-quiet button-small" onClick={dismissProblem}>
            {t('problems.dismiss')}
          </button>
        </div>
      )}
      {status === 'loading' && <p className="context-muted">{t('context.loading')}</p>}
      {status === 'known' && context !== null && (
        <h3 className="context-customer-name">
          {/* The browser reports when the caller's name first painted (Element Timing): what "the pop painted" means. The
              attribute sits on the text's own block (the clamp), where Chromium attributes the painted text. */}
          <ClampedText text={context.customer.name} lines={1} timing={CALLER_NAME_TIMING} />
        </h3>
      )}
      {status === 'ambiguous' && (
        <div className="context-ambiguous">
          <p>{t('context.ambiguous')}</p>
          <ul className="context-list">
            {candidates.map(({ customer }) => (
              <li key={customer.id} className="context-hit">
                <ClampedText text={customer.name} lines={1} className="context-hit-name" />
                <button type="button" className="button button-small" onClick={() => void openCustomer(customer.id)}>
                  {t('context.choose')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {status === 'unknown' && <p className="context-unknown">{t('context.unknownCaller')}</p>}
      {/* This call's notes and wrap-up code first: what the agent types into during the call, visible without scrolling. */}
      {call !== null && <CallNotes />}
      {(status === 'unknown' || status === 'ambiguous') && call !== null && <CustomerFinder />}
      {status === 'known' && context !== null && <IdentitySection identities={context.identities} />}
      {status === 'known' && context !== null && historyShown && (
        <>
          <ContextPosts posts={context.posts} />
          {/* The one history list: newest entries from the panel's read, filters, older pages and export. */}
          <Timeline key={context.customer.id} customerId={context.customer.id} entries={context.timeline} />
          <ContextNotes notes={context.notes} />
        </>
      )}
      {status === 'known' && context !== null && !historyShown && <div className="context-history-pending" aria-busy="true" />}
    </div>
  );
}

function CallLine({ call }: { readonly call: CallInfo }) {
  const { t } = useTranslation();
  const who = call.remote.number ?? call.remote.uri;
  const phase = call.state === 'ended' ? 'ended' : call.state === 'ringing' || call.state === 'dialing' ? call.direction : 'active';
  return (
    <p className="context-call-line">
      <span className="context-call-phase">{t(`context.call.${phase}`)}</span> <InertText text={who} dir="ltr" />
      {call.remote.displayName !== '' && (
        <>
          {' · '}
          <InertText text={call.remote.displayName} />
        </>
      )}
    </p>
  );
}
