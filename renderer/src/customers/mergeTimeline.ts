import type { SocialItem } from '@tandem/contract';
import type { CallLogEntry } from '../softphone/callLogTables';
import type { TimelineEntry } from './customerContext';
import { callInteractionId, type Interaction } from './model';

const BRAND_KINDS = new Set<SocialItem['kind']>(['brand-reply', 'brand-message']);

/**
 * Merges the three sources newest first. A call with an interaction row is
 * shown once (the interaction carries the note and code); a social item the
 * history already recorded (same URI) likewise; the brand's own replies are
 * not the customer's items.
 */
export function mergeTimeline(
  interactions: readonly Interaction[],
  calls: readonly CallLogEntry[],
  items: readonly SocialItem[],
  limit: number,
): TimelineEntry[] {
  const callIds = new Set(interactions.flatMap((interaction) => (interaction.callId === null ? [] : [interaction.callId])));
  const uris = new Set(interactions.flatMap((interaction) => (interaction.uri === null ? [] : [interaction.uri])));
  const entries: TimelineEntry[] = interactions.map((interaction) => ({
    id: interaction.id,
    source: 'interaction',
    channel: interaction.channel,
    direction: interaction.direction,
    at: interaction.at,
    summary: interaction.summary,
    wrapUpCode: interaction.wrapUpCode,
    callId: interaction.callId,
    conversationId: interaction.conversationId,
    uri: interaction.uri,
    outcome: interaction.outcome,
  }));
  for (const call of calls) {
    if (callIds.has(call.id)) continue;
    entries.push({
      id: callInteractionId(call.id),
      source: 'callLog',
      channel: 'call',
      direction: call.direction,
      at: call.startedAt,
      summary: '',
      wrapUpCode: null,
      callId: call.id,
      conversationId: call.conversationId ?? null,
      uri: call.remoteUri,
      outcome: call.outcome,
    });
  }
  for (const item of items) {
    if (uris.has(item.uri) || BRAND_KINDS.has(item.kind)) continue;
    entries.push({
      id: `social:${item.uri}`,
      source: 'social',
      channel: item.visibility === 'public' ? 'social-public' : 'social-private',
      direction: 'inbound',
      at: item.createdAt,
      summary: item.text,
      wrapUpCode: null,
      callId: null,
      conversationId: item.conversationId,
      uri: item.uri,
      outcome: null,
    });
  }
  return entries.sort((a, b) => b.at - a.at).slice(0, limit);
}
