import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { OutboxEntry, SocialItem } from '@tandem/contract';
import { likeClientId } from '../likeClientId';
import type { LikeRequest } from '../composerSlice';
import { useTandemStore } from '../../store/useTandemStore';
import { socialErrorKey } from './SocialProblemAlert';

export type LikeState = 'idle' | 'pending' | 'liked' | 'failed';

/** What the button says: main's outbox entry for the post's like decides, once there is one. */
export function likeStateOf(request: LikeRequest | undefined, entry: OutboxEntry | undefined): LikeState {
  if (request?.refused != null) return 'failed';
  if (entry !== undefined) return entry.state === 'sent' ? 'liked' : entry.state === 'failed' ? 'failed' : 'pending';
  return request === undefined ? 'idle' : 'pending';
}

/**
 * The post's like clientId, derived as soon as the button shows, so a like main
 * holds from before a reload — still pending, or sent (main's snapshot lists
 * sent likes too) — shows as such without a click.
 */
function useLikeClientId(accountId: string, uri: string): string | null {
  const [derived, setDerived] = useState<{ readonly uri: string; readonly clientId: string } | null>(null);
  useEffect(() => {
    let current = true;
    void likeClientId(accountId, uri).then((clientId) => {
      if (current) setDerived({ uri, clientId });
    });
    return () => {
      current = false;
    };
  }, [accountId, uri]);
  return derived?.uri === uri ? derived.clientId : null;
}

/** Like a customer's public post as the brand; every click on one post is the same like. */
export function LikeButton({ item }: { readonly item: SocialItem }) {
  const { t } = useTranslation();
  const derived = useLikeClientId(item.accountId, item.uri);
  const { request, entry, likePost } = useTandemStore(
    useShallow((state) => {
      const request = state.likes[item.uri];
      const clientId = request?.clientId ?? derived;
      return { request, entry: clientId === null ? undefined : state.socialOutbox[clientId], likePost: state.likePost };
    }),
  );
  const state = likeStateOf(request, entry);
  const error = request?.refused ?? entry?.lastErrorKey ?? null;
  // aria-disabled rather than disabled: the button keeps focus while its label changes.
  const settled = state === 'pending' || state === 'liked';
  return (
    <div>
      <button
        type="button"
        className="button button-quiet button-small"
        aria-disabled={settled}
        onClick={() => {
          if (!settled) void likePost(item);
        }}
      >
        {t(`inbox.thread.like.${state}`)}
      </button>
      {state === 'failed' && error !== null && <span className="social-muted"> {t(socialErrorKey(error))}</span>}
    </div>
  );
}
