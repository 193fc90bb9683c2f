import { ok } from "../../shared/result.js";
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
      const read = await inner.readStream(stream, options);
      return read.ok ? ok(await cipher.decryptEvents(read.value)) : read;
    },
    async readAll(options) {
      return cipher.decryptEvents(await inner.readAll(options));
    },
    async readEvent(eventId) {
      const event = await inner.readEvent(eventId);
      return event ? ((await cipher.decryptEvents([event]))[0] ?? null) : null;
    },
    headPosition: () => inner.headPosition(),
    streamVersion: (stream) => inner.streamVersion(stream),
  };
}
