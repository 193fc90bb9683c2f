import { ok } from "../../shared/result.js";
import type { EventStore } from "../event-store/event-store.js";
import type { CustomerKeyStore } from "./customer-key-store.js";
import { createPersonalDataCipher } from "./personal-data-cipher.js";
import { validatePlaintextAppend } from "./plaintext-validation.js";

/**
 * Decorates an {@link EventStore} so personal fields (per the event catalog) are encrypted with the customer's key
 * before the inner store sees them, and decrypted on every read — or read as erased once the key is destroyed.
 * Event ids are untouched, so a retried append is still recognised as a duplicate. Bad input is refused as the same
 * typed values as the inner store's, with personal fields checked against the catalog before encryption.
 */
export function createEncryptingEventStore(inner: EventStore, keys: CustomerKeyStore): EventStore {
  const cipher = createPersonalDataCipher(keys);
  return {
    async append(stream, events, options) {
      const valid = validatePlaintextAppend(stream, events);
      if (!valid.ok) return valid;
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
