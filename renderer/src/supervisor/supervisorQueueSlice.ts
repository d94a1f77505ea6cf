import type { AlertNotice, SupervisorQueue } from '@tandem/contract';
import { raiseAlertNotification } from './alertNotifications';
import { createRaisedAlerts } from './raisedAlerts';
import { supervisorErrorKey } from './supervisorErrors';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

/**
 * The supervisor view's social queue and alerts (issue 16, items 3 and 4):
 * the queue main reads from the team database, the outcome of the last
 * "Take over", and which alerts were already raised as desktop notifications.
 */
export interface SupervisorQueueSlice {
  /** Null until read (or when the database refused it). */
  supervisorQueue: SupervisorQueue | null;
  supervisorQueueProblem: ReturnType<typeof supervisorErrorKey> | null;
  /** The conversation a take-over was refused for, and why (a key of our own texts). */
  takeOverProblem: { readonly conversationId: string; readonly key: 'supervisor.queue.takeOverRefused' | 'supervisor.queue.takeOverFailed' } | null;
  readonly supervisorQueueChanged: (queue: SupervisorQueue) => void;
  readonly loadSupervisorQueue: () => Promise<void>;
  /** The supervisor takes the conversation over: the database hands it to their login, or refuses a non-supervisor. */
  readonly takeOverFromQueue: (conversationId: string) => Promise<void>;
  /** A desktop notification once per alert key: main's in Electron, the page's in the browser host (alertNotifications.ts). */
  readonly raiseAlerts: (alerts: ReadonlyArray<{ readonly key: string; readonly notice: AlertNotice }>) => void;
}

export const createSupervisorQueueSlice: SliceCreator<SupervisorQueueSlice> = (deps) => (set, get) => {
  const raised = createRaisedAlerts();
  return {
    supervisorQueue: null,
    supervisorQueueProblem: null,
    takeOverProblem: null,
    supervisorQueueChanged(queue) {
      set({ supervisorQueue: queue, supervisorQueueProblem: null });
    },
    async loadSupervisorQueue() {
      const result = await callTandem(deps.api, (api) => api.getSupervisorQueue({}));
      if (!result.ok) {
        set({ supervisorQueue: null, supervisorQueueProblem: supervisorErrorKey(result.error) });
        return;
      }
      set({ supervisorQueue: result.value, supervisorQueueProblem: null });
    },
    async takeOverFromQueue(conversationId) {
      const result = await callTandem(deps.api, (api) => api.takeOverConversation({ conversationId }));
      if (!result.ok) {
        // Offline, or a solo desk: nothing was changed, and the row says so.
        set({ takeOverProblem: { conversationId, key: 'supervisor.queue.takeOverFailed' } });
        return;
      }
      if (!result.value.ok) {
        set({ takeOverProblem: { conversationId, key: 'supervisor.queue.takeOverRefused' } });
        return;
      }
      // The queue's next read (every few seconds) shows the new handler.
      set({ takeOverProblem: null });
    },
    raiseAlerts(alerts) {
      const fresh = new Set(raised.fresh(alerts.map((alert) => alert.key)));
      for (const { key, notice } of alerts) {
        if (fresh.delete(key)) void raiseAlertNotification(deps.api, notice, key, get().appInfo?.shell);
      }
    },
  };
};
