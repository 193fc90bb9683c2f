import { randomBytes } from "node:crypto";
import { describeCustomerKeyStoreContract } from "./customer-key-store.contract.js";
import { createInMemoryCustomerKeyStore } from "./in-memory-customer-key-store.js";

describeCustomerKeyStoreContract("in memory", () => createInMemoryCustomerKeyStore(randomBytes(32)));
