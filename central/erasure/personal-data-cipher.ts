import type { EventEnvelope, NewEvent } from "../../shared/event-envelope.js";
import type { CustomerKey, CustomerKeyStore, CustomerRef } from "./customer-key-store.js";
import { decryptField, encryptField, isEncryptedField } from "./field-cipher.js";
import { erasedValueFor, personalFieldsOf } from "./personal-fields.js";

/** A read event with the personal fields that could not be decrypted because the customer was erased. */
export interface DecryptedEvent<E extends NewEvent = EventEnvelope> {
  event: E;
  erasedFields: string[];
}

/** Encrypts and decrypts the personal fields of events (per the event catalog) with each customer's key. */
export interface PersonalDataCipher {
  /** Copies of the events with their personal fields encrypted; keys are created on first use. */
  encryptEvents(events: NewEvent[]): Promise<NewEvent[]>;
  /** Copies of the events with personal fields decrypted, or replaced by the erased marker. */
  decryptEvents<E extends NewEvent>(events: E[]): Promise<E[]>;
  /** Like {@link PersonalDataCipher.decryptEvents}, also naming the fields that read as erased. */
  decryptEventsDetailed<E extends NewEvent>(events: E[]): Promise<DecryptedEvent<E>[]>;
}

/** Who owns an event's personal fields: its tenant and `data.customerId`. */
function ownerOf(event: NewEvent): CustomerRef | null {
  const customerId = event.data.customerId;
  return typeof customerId === "string" && customerId !== "" ? { tenantId: event.metadata.tenantId, customerId } : null;
}

const slotOf = (owner: CustomerRef) => JSON.stringify([owner.tenantId, owner.customerId]);

/** Creates the cipher; keys are looked up once per customer per call and never cached across calls (erasure wins). */
export function createPersonalDataCipher(keys: CustomerKeyStore): PersonalDataCipher {
  function memo(lookup: (tenantId: string, customerId: string) => Promise<CustomerKey | null>) {
    const seen = new Map<string, Promise<CustomerKey | null>>();
    return (owner: CustomerRef) => {
      const slot = slotOf(owner);
      let key = seen.get(slot);
      if (!key) seen.set(slot, (key = lookup(owner.tenantId, owner.customerId)));
      return key;
    };
  }

  async function decryptDetailed<E extends NewEvent>(events: E[]): Promise<DecryptedEvent<E>[]> {
    const sealed = events.map((event) => {
      const owner = ownerOf(event);
      const fields = owner ? personalFieldsOf(event.type).filter((field) => isEncryptedField(event.data[field])) : [];
      return { event, owner, fields };
    });
    // One key lookup for the whole page: readAll pages span many customers.
    const owners = [
      ...new Map(
        sealed.flatMap(({ owner, fields }) => (owner && fields.length > 0 ? [[slotOf(owner), owner] as const] : [])),
      ).values(),
    ];
    const found = await keys.getMany(owners);
    const keyBySlot = new Map(owners.map((owner, index) => [slotOf(owner), found[index] ?? null]));
    return sealed.map(({ event, owner, fields }) => {
      if (!owner || fields.length === 0) return { event, erasedFields: [] };
      const key = keyBySlot.get(slotOf(owner)) ?? null;
      const data = { ...event.data };
      const erasedFields: string[] = [];
      for (const field of fields) {
        const opened = decryptField(key, { ...owner, eventId: event.eventId, field }, data[field] as string);
        if (opened.erased) erasedFields.push(field);
        data[field] = opened.erased ? erasedValueFor(event.type, field) : opened.value;
      }
      return { event: { ...event, data }, erasedFields };
    });
  }

  return {
    async encryptEvents(events) {
      const keyOf = memo((tenantId, customerId) => keys.getOrCreate(tenantId, customerId));
      return Promise.all(
        events.map(async (event) => {
          const fields = personalFieldsOf(event.type).filter(
            (field) => event.data[field] !== undefined && event.data[field] !== null,
          );
          if (fields.length === 0) return event;
          const owner = ownerOf(event);
          if (!owner)
            throw new Error(
              `${event.type} ${event.eventId} carries personal fields but no data.customerId to choose their key`,
            );
          const key = await keyOf(owner);
          if (!key) throw new Error(`no key for ${owner.tenantId}/${owner.customerId}`);
          const data = { ...event.data };
          for (const field of fields)
            data[field] = encryptField(key, { ...owner, eventId: event.eventId, field }, data[field]);
          return { ...event, data };
        }),
      );
    },

    async decryptEvents(events) {
      return (await decryptDetailed(events)).map((decrypted) => decrypted.event);
    },

    decryptEventsDetailed: decryptDetailed,
  };
}
