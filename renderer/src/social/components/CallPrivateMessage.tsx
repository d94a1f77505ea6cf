import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { Language, PrivateStep } from '@tandem/contract';
import { checkReply, signatureOf } from '../brandPolicy';
import type { CallMessage } from '../offline/callMessageSlice';
import { caseLanguage } from '../offline/offlineTexts';
import { useTandemStore } from '../../store/useTandemStore';
import { networkName } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { IssueList, IssuesBox } from './PolicyIssues';
import { VisibilityMarker } from './SocialText';

/** Until main reports the connector, Bluesky's documented limit for a chat message. */
const FALLBACK_MESSAGE_GRAPHEMES = 1000;

export interface CallPrivateMessageProps {
  /** A social account the customer proved is theirs: the caller offers this only for a verified link. */
  readonly author: { readonly network: string; readonly did: string; readonly handle: string };
}

/**
 * "Send a private message" on the call screen (issue 15 item 4): a button
 * beside the customer's verified account, and the small composer it opens.
 * Public for the caller context (eslint.config.js PUBLIC_COMPONENTS): the
 * policy check, the reasons and the send are the social desk's.
 */
export function CallPrivateMessage({ author }: CallPrivateMessageProps) {
  const { t } = useTranslation();
  const { message, open } = useTandemStore(useShallow((state) => ({ message: state.callMessage, open: state.openCallMessage })));
  const mine = message !== null && message.author.did === author.did && message.author.network === author.network;
  if (!mine)
    return (
      <button type="button" className="button button-small" disabled={message !== null} onClick={() => void open(author)}>
        {t('offline.callMessage.open')}
      </button>
    );
  return <CallMessagePanel message={message} />;
}

function CallMessagePanel({ message }: { readonly message: CallMessage }) {
  const { t } = useTranslation();
  const titleId = useId();
  const title = useRef<HTMLHeadingElement>(null);
  const close = useTandemStore((state) => state.closeCallMessage);
  const { handle, network: networkId } = message.author;
  // Focus moves into what opened, so a screen reader reads whom it writes to.
  useEffect(() => title.current?.focus(), []);
  return (
    <section className="call-message" aria-labelledby={titleId}>
      <h4 id={titleId} ref={title} tabIndex={-1} className="call-message-title">
        <InertText text={t('offline.callMessage.title', { handle })} />
      </h4>
      {message.phase === 'checking' || message.step === null ? (
        <p role="status">
          <InertText text={t('offline.dialog.checking', { handle })} />
        </p>
      ) : message.phase === 'sent' ? (
        <Sent message={message} />
      ) : message.step.allowed ? (
        <MessageForm message={message} />
      ) : (
        <div className="offline-no-private">
          <strong>{t('offline.callMessage.noPrivate')}</strong>
          <p>
            <Reason step={message.step} handle={handle} network={networkId} accountId={message.target?.accountId ?? null} />
          </p>
          <button type="button" className="button button-small" onClick={close}>
            {t('offline.callMessage.close')}
          </button>
        </div>
      )}
    </section>
  );
}

/** Why no private message may go now, in the connector's rules' words (the take-offline dialog's reasons). */
function Reason({ step, handle, network, accountId }: { step: PrivateStep; handle: string; network: string; accountId: string | null }) {
  const { t } = useTranslation();
  const brandHandle = useTandemStore((state) => state.socialConnectors.find((c) => c.accountId === accountId)?.handle ?? '');
  return <InertText text={t(`offline.reasons.${step.allowed ? 'unknown' : step.reason}`, { network: networkName(network), handle, brandHandle })} />;
}

function MessageForm({ message }: { readonly message: CallMessage }) {
  const { t, i18n } = useTranslation();
  const ids = { text: useId(), where: useId(), issues: useId() };
  const { accountId, conversationId } = message.target ?? { accountId: null, conversationId: null };
  const { agentName, connector, conversation, send, close } = useTandemStore(
    useShallow((state) => ({
      agentName: state.settings?.agent.name ?? '',
      connector: state.socialConnectors.find((c) => c.accountId === accountId),
      conversation: conversationId === null ? undefined : state.conversations.get(conversationId),
      send: state.sendCallMessage,
      close: state.closeCallMessage,
    })),
  );
  const { handle } = message.author;
  const network = networkName(message.author.network);
  // In the language the customer writes to us in, when the desk knows it; else the desk's.
  const language = caseLanguage(conversation?.meaning?.language.language, i18n.language as Language);
  const [text, setText] = useState(() => i18n.getFixedT(language)('offline.callMessage.template', { handle, signature: signatureOf(agentName) }));
  const [refused, setRefused] = useState(false);
  const maxGraphemes = connector?.capabilities.privateMessageRules?.maxGraphemes ?? connector?.capabilities.maxGraphemes ?? FALLBACK_MESSAGE_GRAPHEMES;
  const issues = useMemo(() => checkReply(text, { maxGraphemes, agentName }), [text, maxGraphemes, agentName]);
  const sending = message.phase === 'sending';

  return (
    <form
      className="call-message-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (issues.length > 0) return setRefused(true);
        void send(text);
      }}
    >
      <p id={ids.where} className="composer-statement composer-statement-private">
        <VisibilityMarker visibility="private" />{' '}
        <InertText text={t(conversationId === null ? 'offline.callMessage.whereNew' : 'offline.callMessage.where', { handle, network })} />
      </p>
      <label className="composer-label" htmlFor={ids.text}>
        {t('offline.dialog.privateMessage')}
      </label>
      <textarea
        id={ids.text}
        className="composer-text"
        // The customer's language sets the direction, whatever the desk's.
        dir="auto"
        lang={language}
        rows={4}
        value={text}
        readOnly={sending}
        aria-describedby={`${ids.where} ${ids.issues}`}
        aria-invalid={refused && issues.length > 0 ? true : undefined}
        onChange={(event) => {
          setRefused(false);
          setText(event.target.value);
        }}
      />
      <IssuesBox id={ids.issues} refused={refused}>
        {issues.length > 0 && (refused || text !== '') && <IssueList title={t('offline.callMessage.issues')} issues={issues} network={network} />}
      </IssuesBox>
      {message.failed && <p role="alert">{t('offline.callMessage.failed')}</p>}
      <div className="composer-actions">
        <button type="submit" className="button button-primary button-small" disabled={sending}>
          {t('composer.send.private')}
        </button>
        <button type="button" className="button button-small" disabled={sending} onClick={close}>
          {t('offline.dialog.cancel')}
        </button>
        {sending && <span className="social-muted">{t('composer.sending')}</span>}
      </div>
    </form>
  );
}

function Sent({ message }: { readonly message: CallMessage }) {
  const { t } = useTranslation();
  const { close, selectConversation } = useTandemStore(
    useShallow((state) => ({ close: state.closeCallMessage, selectConversation: state.selectConversation })),
  );
  const conversationId = message.target?.conversationId ?? null;
  const { handle } = message.author;
  return (
    <>
      <p role="status">
        <InertText
          text={t(conversationId === null ? 'offline.callMessage.sentNew' : 'offline.callMessage.sent', {
            handle,
            network: networkName(message.author.network),
          })}
        />
      </p>
      <div className="composer-actions">
        {conversationId !== null && (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              close();
              void selectConversation(conversationId);
            }}
          >
            {t('offline.callMessage.openConversation')}
          </button>
        )}
        <button type="button" className="button button-quiet button-small" onClick={close}>
          {t('offline.callMessage.close')}
        </button>
      </div>
    </>
  );
}
