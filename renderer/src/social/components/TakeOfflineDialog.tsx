import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { ConnectorStatus, Language, PrivateStep } from '@tandem/contract';
import type { Conversation } from '../socialTables';
import type { PolicyIssue } from '../brandPolicy';
import { caseLanguage, checkOfflineTexts, offlineTexts } from '../offline/offlineTexts';
import { useTandemStore } from '../../store/useTandemStore';
import { networkName } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { VisibilityMarker } from './SocialText';
import { IssueList, IssuesBox } from './PolicyIssues';

/** Until main reports the connector, Bluesky's documented limits. */
const FALLBACK_MAX_GRAPHEMES = 300;
const FALLBACK_MESSAGE_GRAPHEMES = 1000;

export interface TakeOfflineDialogProps {
  readonly conversation: Conversation;
  readonly connector: ConnectorStatus | undefined;
}

/**
 * "Take offline" (issue 15): one dialog that shows exactly what goes where:
 * the public acknowledgement (or, when no private message can go now, the
 * public invitation to message the brand, with the reason) and the private
 * message, both editable, both checked against the brand policy. "Post and
 * send" refuses, naming the problem, while either text breaks the policy.
 */
export function TakeOfflineDialog({ conversation, connector }: TakeOfflineDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const title = useRef<HTMLHeadingElement>(null);
  const { dialog, close } = useTandemStore(useShallow((state) => ({ dialog: state.offlineDialog, close: state.closeTakeOffline })));
  const open = dialog?.conversationId === conversation.id;
  // The dialog takes focus so a screen reader reads what it is about to post.
  useEffect(() => {
    if (open) title.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      className="offline-dialog"
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <h4 id={titleId} ref={title} tabIndex={-1} className="offline-dialog-title">
        {t('offline.dialog.title')}
      </h4>
      {dialog.phase === 'checking' || dialog.step === null ? (
        <p role="status">{t('offline.dialog.checking', { handle: conversation.authorHandle })}</p>
      ) : (
        <OfflineForm conversation={conversation} connector={connector} step={dialog.step} />
      )}
    </div>
  );
}

function OfflineForm({ conversation, connector, step }: TakeOfflineDialogProps & { readonly step: PrivateStep }) {
  const { t, i18n } = useTranslation();
  const reasonId = useId();
  const { dialog, agentName, postAndSend, close } = useTandemStore(
    useShallow((state) => ({
      dialog: state.offlineDialog,
      agentName: state.settings?.agent.name ?? '',
      postAndSend: state.postAndSend,
      close: state.closeTakeOffline,
    })),
  );
  const network = networkName(conversation.network);
  const brandHandle = connector?.handle ?? '';
  const language = caseLanguage(conversation.meaning?.language.language, i18n.language as Language);
  // Filled once, in the customer's language; from then on the text is the agent's.
  const [texts, setTexts] = useState<{ acknowledgement: string; privateMessage: string | null }>(() => {
    const templates = offlineTexts(i18n.getFixedT(language), { handle: conversation.authorHandle, brandHandle, agentName });
    return step.allowed
      ? { acknowledgement: templates.acknowledgement, privateMessage: templates.privateMessage }
      : { acknowledgement: templates.invitation, privateMessage: null };
  });
  const [refused, setRefused] = useState(false);
  const issues = useMemo(
    () =>
      checkOfflineTexts(texts, {
        publicMaxGraphemes: connector?.capabilities.maxGraphemes ?? FALLBACK_MAX_GRAPHEMES,
        privateMaxGraphemes: connector?.capabilities.privateMessageRules?.maxGraphemes ?? FALLBACK_MESSAGE_GRAPHEMES,
        agentName,
      }),
    [texts, connector, agentName],
  );
  const blocked = issues.acknowledgement.length > 0 || issues.privateMessage.length > 0;
  const sending = dialog?.phase === 'sending';

  const submit = () => {
    if (blocked) return setRefused(true);
    void postAndSend(texts);
  };

  return (
    <form
      className="offline-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <p>{t('offline.dialog.intro')}</p>
      <AddressedText
        label={t('offline.dialog.acknowledgement')}
        visibility="public"
        where={t('offline.dialog.acknowledgementWhere', { network, handle: conversation.authorHandle })}
        language={language}
        rows={3}
        value={texts.acknowledgement}
        readOnly={sending}
        invalid={refused && issues.acknowledgement.length > 0}
        onChange={(acknowledgement) => {
          setRefused(false);
          setTexts({ ...texts, acknowledgement });
        }}
      />
      {texts.privateMessage === null || step.allowed === false ? (
        <div id={reasonId} className="offline-no-private">
          <strong>{t('offline.dialog.noPrivate')}</strong>
          <p>
            <InertText text={t(`offline.reasons.${step.allowed ? 'unknown' : step.reason}`, { network, handle: conversation.authorHandle, brandHandle })} />
          </p>
          <p>
            <InertText text={t('offline.dialog.invitationInstead', { brandHandle })} />
          </p>
        </div>
      ) : (
        <AddressedText
          label={t('offline.dialog.privateMessage')}
          visibility="private"
          where={t('offline.dialog.privateWhere', { network, handle: conversation.authorHandle })}
          language={language}
          rows={4}
          value={texts.privateMessage}
          readOnly={sending}
          invalid={refused && issues.privateMessage.length > 0}
          onChange={(privateMessage) => {
            setRefused(false);
            setTexts({ ...texts, privateMessage });
          }}
        />
      )}
      <IssuesBox refused={refused}>
        {blocked && (
          <>
            <FieldIssues field={t('offline.dialog.acknowledgement')} issues={issues.acknowledgement} network={network} />
            <FieldIssues field={t('offline.dialog.privateMessage')} issues={issues.privateMessage} network={network} />
          </>
        )}
      </IssuesBox>
      {dialog?.failed === true && <p role="alert">{t('offline.dialog.failed')}</p>}
      <div className="composer-actions">
        <button type="submit" className="button button-primary" disabled={sending}>
          {t('offline.dialog.confirm')}
        </button>
        <button type="button" className="button" disabled={sending} onClick={close}>
          {t('offline.dialog.cancel')}
        </button>
        {sending && <span className="social-muted">{t('offline.dialog.sending')}</span>}
      </div>
    </form>
  );
}

/** One of the dialog's two texts: its label, where it goes (public or private, to whom), and the text itself. */
function AddressedText({
  label,
  visibility,
  where,
  language,
  rows,
  value,
  readOnly,
  invalid,
  onChange,
}: {
  readonly label: string;
  readonly visibility: 'public' | 'private';
  readonly where: string;
  readonly language: Language;
  readonly rows: number;
  readonly value: string;
  readonly readOnly: boolean;
  readonly invalid: boolean;
  readonly onChange: (text: string) => void;
}) {
  const ids = { text: useId(), where: useId() };
  return (
    <>
      <label className="composer-label" htmlFor={ids.text}>
        {label}
      </label>
      <p id={ids.where} className={`composer-statement composer-statement-${visibility}`}>
        <VisibilityMarker visibility={visibility} /> <InertText text={where} />
      </p>
      <textarea
        id={ids.text}
        className="composer-text"
        // The customer's language sets the direction, whatever the desk's.
        dir="auto"
        lang={language}
        rows={rows}
        value={value}
        readOnly={readOnly}
        aria-describedby={ids.where}
        aria-invalid={invalid ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </>
  );
}

function FieldIssues({ field, issues, network }: { readonly field: string; readonly issues: readonly PolicyIssue[]; readonly network: string }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return <IssueList title={t('offline.dialog.issuesIn', { field })} issues={issues} network={network} />;
}
