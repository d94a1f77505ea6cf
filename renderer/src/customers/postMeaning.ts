import type { SocialItem } from '@tandem/contract';
import { analyseMeaning, type Meaning } from '../social/meaning/analyseMeaning';
import type { Conversation } from '../social/socialTables';

/**
 * How a caller's post reads, for the screen pop: the judgement its conversation stored when the
 * post was folded in (conversationFold.ts writes `meaning` and `replyToUri` from the same public
 * item, and a brand reply after it keeps both), else judged now.
 *
 * Judging is the pop's heaviest main-thread work before the paint (lexicons, stemmers and cue
 * lists per post; the first judgement in a page also loads them), and the conversation row is
 * read by the pop anyway (is a complaint still open?), so a post the desk already judged is not
 * judged again while the phone rings. Rows written before issue 13 carry no meaning, and a post
 * that is not its conversation's latest customer post has none stored: those are judged here.
 */
export function postMeaning(item: Pick<SocialItem, 'uri' | 'text' | 'langs'>, conversation: Pick<Conversation, 'meaning' | 'replyToUri'> | undefined): Meaning {
  const stored = conversation?.meaning;
  if (stored !== undefined && conversation?.replyToUri === item.uri) return stored;
  return analyseMeaning(item.text, item.langs);
}
