import type { EventStore } from "../event-store/event-store.js";
import type { CustomerKeyStore } from "./customer-key-store.js";
import { createPersonalDataCipher } from "./personal-data-cipher.js";

/**
 * Decorates an {@link EventStore} so personal fields (per the event catalog) are encrypted with the customer's key
 * before the inner store sees them, and decrypted on every read — or read as erased once the key is destroyed.
 * Event ids are untouched, so a retried append is still recognised as a duplicate.
 */
export function createEncryptingEventStore(inner: EventStore, keys: CustomerKeyStore): EventStore {
  const cipher = createPersonalDataCipher(keys);
  return {
    async append(stream, events, options) {
      return inner.append(stream, await cipher.encryptEvents(events), options);
    },
    async readStream(stream, options) {
      return cipher.decryptEvents(await inner.readStream(stream, options));
    },
    streamVersion: (stream) => inner.streamVersion(stream),
  };
}
