import { z } from "zod";
import { EVENT_CATALOG, isEventType } from "../../shared/events/catalog.js";

/**
 * What an erased personal field reads as when the field's schema accepts null (profile name, email, phone): a field
 * that is null reads the same whether it was never given or was erased.
 */
export const ERASED_NULL = null;

/** What an erased personal field reads as when its schema does not accept null (message text, reasons). */
export const ERASED_TEXT = "[erased]";

const NO_FIELDS: readonly string[] = [];
const markers = new Map<string, typeof ERASED_NULL | typeof ERASED_TEXT>();

/** The personal fields of an event type per the catalog; none for types outside it. */
export function personalFieldsOf(type: string): readonly string[] {
  return isEventType(type) ? EVENT_CATALOG[type].personal : NO_FIELDS;
}

/** What a field of this type reads as once erased: null where its schema accepts null, else {@link ERASED_TEXT}. */
export function erasedValueFor(type: string, field: string): typeof ERASED_NULL | typeof ERASED_TEXT {
  const slot = `${type}\u0000${field}`;
  let marker = markers.get(slot);
  if (marker === undefined) {
    const schema = isEventType(type) ? EVENT_CATALOG[type].data : undefined;
    const fieldSchema =
      schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType | undefined>)[field] : undefined;
    marker = fieldSchema?.safeParse(null).success ? ERASED_NULL : ERASED_TEXT;
    markers.set(slot, marker);
  }
  return marker;
}
