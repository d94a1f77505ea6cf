import type { Conversation } from '../social/socialTables';
import { INBOX_KEY_INDEX } from '../social/inboxHead';
import { LATEST_VERSION } from './schemaVersion';

/** Dexie stores its schema version × 10 as IndexedDB's version. */
const NATIVE_VERSION = Math.round(LATEST_VERSION * 10);

/**
 * The inbox's first `limit` conversations read straight from IndexedDB,
 * starting synchronously: Dexie opens a database a promise turn after it is
 * asked, and the bundle is one module, so its first turn comes only when the
 * whole bundle has been evaluated. This read goes out while it is.
 *
 * Null whenever it cannot stand for Dexie's read, which then goes to the
 * database as before: no database yet (it is not created here: the upgrade
 * is aborted), a version other than this build's (Dexie upgrades it first), a
 * missing index, any error. The connection closes once its read is done, and
 * at once should Dexie need to upgrade.
 */
export function rawInboxHead(factory: IDBFactory, name: string, limit: number): Promise<Conversation[] | null> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name);
    } catch {
      return resolve(null);
    }
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(null);
    request.onsuccess = () => {
      const connection = request.result;
      connection.onversionchange = () => connection.close();
      try {
        if (connection.version !== NATIVE_VERSION) return resolve(null);
        const read = connection.transaction('conversations', 'readonly').objectStore('conversations').index(INBOX_KEY_INDEX).getAll(null, limit);
        read.onsuccess = () => resolve(read.result as Conversation[]);
        read.onerror = () => resolve(null);
      } catch {
        resolve(null);
      } finally {
        // Closes once the read's transaction is done.
        connection.close();
      }
    };
  });
}
