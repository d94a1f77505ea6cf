import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { TEAM_CLAIM_ERRORS, type ConnectorStatus } from '@tandem/contract';
import type { Conversation } from '../socialTables';
import { checkReply, hasSignature, signatureName, signatureOf, withSignature } from '../brandPolicy';
import { CANNED_RESPONSES, isCannedResponseId } from '../cannedResponses';
import { responseHint } from '../decisionTree';
import { countGraphemes } from '../graphemes';
import type { ReplyMode } from '../composerSlice';
import { useTandemStore } from '../../store/useTandemStore';
import { networkName } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { VisibilityMarker } from './SocialText';
import { ClaimProblem } from './ClaimControls';
import { IssueList, IssuesBox } from './PolicyIssues';
import { isTeamDesk, liveClaim } from '../claimSlice';
import { useNow } from '../../ui/useNow';

const REPLY_MODES: readonly ReplyMode[] = ['public', 'private'];

/** Until main reports the connector, Bluesky's documented limit. */
const FALLBACK_MAX_GRAPHEMES = 300;

export interface ComposerProps {
  readonly conversation: Conversation;
  readonly connector: ConnectorStatus | undefined;
}

/**
 * Replies go out only through here: it says, every time, whether the reply
 * is public or private; checks the brand policy (banned phrases, length in
 * graphemes, the agent's signature); and shows public replies once more as a
 * preview before they are handed to main's outbox.
 */
export function Composer({ conversation, connector }: ComposerProps) {
  const { t, i18n } = useTranslation();
  const ids = { textarea: useId(), count: useId(), issues: useId(), statement: useId(), preview: useId(), canned: useId() };
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const { draft, agentName, setDraft, flushDrafts, submitDraft, held, teamOffline, composerTyped, composerClosed, claimBeforeSend, releaseConversation } =
    useTandemStore(
      useShallow((state) => ({
        draft: state.drafts[conversation.id],
        agentName: state.settings?.agent.name ?? '',
        setDraft: state.setDraft,
        flushDrafts: state.flushDrafts,
        submitDraft: state.submitDraft,
        held: state.claims[conversation.id],
        // A team desk without its database cannot claim, so it cannot send (claims need the database).
        teamOffline: isTeamDesk(state) && state.team?.state === 'offline',
        composerTyped: state.composerTyped,
        composerClosed: state.composerClosed,
        claimBeforeSend: state.claimBeforeSend,
        releaseConversation: state.releaseConversation,
      })),
    );
  // Closing the conversation (or opening another) closes this composer: a claim it made is given back,
  // and the draft waiting for an idle slot is written now (draftSaver.ts).
  useEffect(
    () => () => {
      composerClosed(conversation.id);
      void flushDrafts();
    },
    [composerClosed, flushDrafts, conversation.id],
  );
  // Another agent holds it (the database said so): this desk sends nothing.
  const claim = liveClaim(held, useNow('second'));
  const heldBy = claim?.state === 'other' ? claim.holder : null;
  const blocked = heldBy !== null || teamOffline;
  const [refused, setRefused] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const [busy, setBusy] = useState(false);

  const text = draft?.text ?? '';
  const canPrivate = connector?.capabilities.privateMessage ?? conversation.visibility === 'private';
  const mode: ReplyMode = conversation.visibility === 'private' ? 'private' : (draft?.mode ?? 'public');
  const network = networkName(conversation.network);
  const maxGraphemes = connector?.capabilities.maxGraphemes ?? FALLBACK_MAX_GRAPHEMES;
  const issues = useMemo(() => checkReply(text, { maxGraphemes, agentName }), [text, maxGraphemes, agentName]);
  const hint = useMemo(
    () =>
      responseHint({
        text: conversation.preview,
        sentiment: { score: conversation.sentimentScore, total: 0, words: conversation.sentimentWords },
        meaning: conversation.meaning,
      }),
    [conversation.preview, conversation.sentimentScore, conversation.sentimentWords, conversation.meaning],
  );
  const noTarget = mode === 'public' && conversation.replyToUri === null;

  const change = (next: string) => {
    setRefused(false);
    setDraft(conversation.id, { text: next });
    composerTyped(conversation.id);
  };

  const insertCanned = (id: string) => {
    if (!isCannedResponseId(id)) return;
    const template = t(`composer.canned.${id}.text`, {
      customerName: conversation.authorDisplayName || `@${conversation.authorHandle}`,
      agentName: signatureName(agentName).split(' ')[0] ?? '',
      signature: signatureOf(agentName),
      brandHandle: connector?.handle ?? '',
    });
    // Keep what the agent wrote, minus a signature the template brings again.
    const signature = signatureOf(agentName);
    const kept = hasSignature(text, agentName) ? text.trimEnd().slice(0, -signature.length) : text;
    change(kept.trim() === '' ? template : `${kept.trimEnd()}\n${template}`);
  };

  const send = async () => {
    setBusy(true);
    // Two desks pressing Send together: the one that loses the claim sends nothing.
    if (!(await claimBeforeSend(conversation.id))) {
      setBusy(false);
      setPreviewing(false);
      return;
    }
    const sent = await submitDraft(conversation.id);
    setBusy(false);
    if (!sent) return;
    setPreviewing(false);
    // The reply is in the outbox: the conversation is free for the team again.
    void releaseConversation(conversation.id);
  };

  const requestSend = () => {
    if (blocked) return;
    if (issues.length > 0 || noTarget) return setRefused(true);
    if (mode === 'public') {
      setPreviewing(true);
      // "Read everything twice": the preview takes focus so a screen reader reads it out.
      queueMicrotask(() => previewHeading.current?.focus());
      return;
    }
    void send();
  };

  const statement =
    mode === 'public'
      ? t('composer.statement.public', { network, handle: conversation.authorHandle })
      : t('composer.statement.private', { handle: conversation.authorHandle });

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        requestSend();
      }}
    >
      <p id={ids.statement} className={`composer-statement composer-statement-${mode}`}>
        <VisibilityMarker visibility={mode} /> <InertText text={statement} />
      </p>

      {conversation.visibility === 'public' && canPrivate && (
        <fieldset className="composer-mode" disabled={previewing}>
          <legend className="field-label">{t('composer.mode.label')}</legend>
          {REPLY_MODES.map((option) => (
            <label key={option} className="composer-mode-option">
              <input
                type="radio"
                name={`${ids.textarea}-mode`}
                value={option}
                checked={mode === option}
                onChange={() => setDraft(conversation.id, { mode: option })}
              />
              {t(`composer.mode.${option}`)}
            </label>
          ))}
        </fieldset>
      )}

      <div className={`composer-hint composer-hint-${hint.kind}`}>
        <strong>{t('composer.hint.label')}:</strong> {t(`composer.hint.${hint.kind}`)}
        {hint.cues.length > 0 && (
          <span className="composer-hint-cues">
            {' '}
            <InertText text={t('composer.hint.cues', { cues: hint.cues.join(', ') })} />
          </span>
        )}
      </div>

      <label className="field" htmlFor={ids.canned}>
        <span className="field-label">{t('composer.canned.label')}</span>
        <select id={ids.canned} className="field-select" value="" disabled={previewing} onChange={(event) => insertCanned(event.target.value)}>
          <option value="">{t('composer.canned.choose')}</option>
          {CANNED_RESPONSES.map((id) => (
            <option key={id} value={id}>
              {t(`composer.canned.${id}.label`)}
            </option>
          ))}
        </select>
      </label>

      <label className="composer-label" htmlFor={ids.textarea}>
        {t('composer.label')}
      </label>
      <textarea
        // The reply is in the customer's language, whatever the desk's: it sets its own direction.
        dir="auto"
        id={ids.textarea}
        className="composer-text"
        rows={5}
        spellCheck
        lang={i18n.language}
        value={text}
        readOnly={previewing}
        aria-describedby={`${ids.statement} ${ids.count} ${ids.issues}`}
        aria-invalid={refused && issues.length > 0 ? true : undefined}
        onChange={(event) => change(event.target.value)}
        // Typing is saved when the page is idle; leaving the box saves it at once.
        onBlur={() => void flushDrafts()}
      />
      <div className="composer-meta">
        <span id={ids.count} className={countGraphemes(text) > maxGraphemes ? 'composer-count composer-count-over' : 'composer-count'}>
          {t('composer.count', { count: countGraphemes(text), max: maxGraphemes })}
        </span>
        {!hasSignature(text, agentName) && (
          <button type="button" className="button button-quiet button-small" disabled={previewing} onClick={() => change(withSignature(text, agentName))}>
            {t('composer.addSignature')}
          </button>
        )}
      </div>

      <IssuesBox id={ids.issues} refused={refused}>
        {(refused || (text !== '' && issues.length > 0)) && (
          <IssueList title={t('composer.issues.title')} issues={issues} network={network}>
            {noTarget && <li>{t('composer.noTarget')}</li>}
          </IssueList>
        )}
      </IssuesBox>

      {previewing ? (
        <section className="composer-preview" aria-labelledby={ids.preview}>
          <h4 id={ids.preview} ref={previewHeading} tabIndex={-1} className="composer-preview-title">
            {t('composer.preview.title')}
          </h4>
          <p>{t('composer.preview.intro', { brand: connector?.handle ?? '', handle: conversation.authorHandle })}</p>
          <blockquote className="composer-preview-text">
            <InertText text={text} />
          </blockquote>
          <div className="composer-actions">
            <button type="button" className="button button-primary" disabled={busy || blocked} onClick={() => void send()}>
              {t('composer.preview.confirm')}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setPreviewing(false)}>
              {t('composer.preview.back')}
            </button>
          </div>
        </section>
      ) : (
        <div className="composer-actions">
          <button type="submit" className="button button-primary" disabled={busy || blocked}>
            {mode === 'public' ? t('composer.send.public') : t('composer.send.private')}
          </button>
          {busy && <span className="social-muted">{t('composer.sending')}</span>}
          {heldBy !== null && <InertText className="composer-blocked" text={t('team.claim.composerBlocked', { name: heldBy })} />}
          {claim?.problem != null ? <ClaimProblem problem={claim.problem} /> : teamOffline && <ClaimProblem problem={TEAM_CLAIM_ERRORS.offline} />}
        </div>
      )}
    </form>
  );
}
