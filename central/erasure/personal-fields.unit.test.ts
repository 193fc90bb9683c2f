import { describe, expect, it } from "vitest";
import { ERASED_TEXT, erasedValueFor, personalFieldsOf } from "./personal-fields.js";

describe("personal fields", () => {
  it("lists the catalog's personal fields and none for other types", () => {
    expect(personalFieldsOf("customer.profile_updated")).toEqual(["name", "email", "phone"]);
    expect(personalFieldsOf("message.received")).toEqual(["text"]);
    expect(personalFieldsOf("action.approved")).toEqual([]);
    expect(personalFieldsOf("test.happened")).toEqual([]);
  });

  it("reads an erased field as null where its schema accepts null, else as [erased]", () => {
    expect(erasedValueFor("customer.profile_updated", "email")).toBeNull();
    expect(erasedValueFor("message.received", "text")).toBe(ERASED_TEXT);
    expect(erasedValueFor("reply.sent", "text")).toBe(ERASED_TEXT);
    expect(erasedValueFor("action.proposed", "reason")).toBe(ERASED_TEXT);
  });
});
