import { initial } from './0001_initial';
import { readIndexes } from './0002_read_indexes';
import { conversationViewing } from './0004_conversation_viewing';
import { sharedMessages } from './0005_shared_messages';
import { identityClaims } from './0006_identity_claims';
import { importantNotes } from './0007_important_notes';
import { agentAvailability } from './0008_agent_availability';
import { mergeCustomers } from './0009_merge_customers';
import { liveBoard } from './0010_live_board';
import { supervisorQueue } from './0011_supervisor_queue';
import { supervisorVolume } from './0012_supervisor_volume';
import { supervisorQueueCustomer } from './0013_supervisor_queue_customer';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every step, in order; the last one's version is the schema this build knows. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  readIndexes,
  conversationViewing,
  sharedMessages,
  identityClaims,
  importantNotes,
  agentAvailability,
  mergeCustomers,
  liveBoard,
  supervisorQueue,
  supervisorVolume,
  supervisorQueueCustomer,
];

/** The last step's version (numbers were handed out per feature in session 3, so counting the steps is not enough). */
export const LATEST_SCHEMA = MIGRATIONS.at(-1)?.version ?? 0;
