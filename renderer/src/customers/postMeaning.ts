import type { SocialItem } from '@tandem/contract';
import type { Meaning } from '../social/meaning/analyseMeaning';
import { loadMeaning, type Analyse } from '../social/meaning/meaningEngine';
import type { Conversation } from '../social/socialTables';

type Post = Pick<SocialItem, 'uri' | 'text' | 'langs' | 'conversationId'>;

/**
 * How a caller's post reads, for the screen pop: the judgement its conversation stored when the
 * post was folded in (conversationFold.ts writes `meaning` and `replyToUri` from the same public
 * item, and a brand reply after it keeps both), else judged now.
 *
 * Judging is the pop's heaviest main-thread work before the paint (lexicons, stemmers and cue
 * lists per post), and the conversation row is read by the pop anyway (is a complaint still
 * open?), so a post the desk already judged is not judged again while the phone rings, and the
 * meaning engine (its own chunk: meaningEngine.ts) is not even asked for. Rows written before
 * issue 13 carry no meaning, and a post that is not its conversation's latest customer post has
 * none stored: those are judged here.
 */
function storedMeaning(item: Pick<Post, 'uri'>, conversation: Pick<Conversation, 'meaning' | 'replyToUri'> | undefined): Meaning | undefined {
  const stored = conversation?.meaning;
  return stored !== undefined && conversation?.replyToUri === item.uri ? stored : undefined;
}

/**
 * Each post with its meaning, in order: stored where it can be, the engine loaded only when one must be
 * judged. If the engine cannot be had (its chunk is gone: `MeaningEngineUnavailable`), a post with no
 * stored judgement comes without one: the caller's panel still shows who they are and what they said.
 */
export async function postMeanings<P extends Post>(
  posts: readonly P[],
  conversationOf: (conversationId: string) => Pick<Conversation, 'meaning' | 'replyToUri'> | undefined,
  engine: () => Promise<Analyse> = loadMeaning,
): Promise<{ readonly post: P; readonly meaning: Meaning | undefined }[]> {
  const stored = posts.map((post) => ({ post, meaning: storedMeaning(post, conversationOf(post.conversationId)) }));
  if (stored.every((entry) => entry.meaning !== undefined)) return stored;
  const analyse = await engine().catch(() => null);
  return stored.map(({ post, meaning }) => ({ post, meaning: meaning ?? analyse?.(post.text, post.langs) }));
}
