import { createApprovalsCommand } from "../actions/cli/approvals-command.js";
import { createTokensCommand } from "../auth/tokens-command.js";
import { createPolicyCommand } from "../policy/cli/policy-command.js";
import type { CliCommand } from "../../tools/cli/cli-command.js";
import { createEraseCommand } from "./erase-command.js";
import { createReplayCommand } from "./replay-command.js";
import { openErasure, openProjectionStores } from "../wiring/command-services.js";

/** Every `frontdesk` command, wired to the real database (the CLI's composition root calls this once). */
export function createCommands(): CliCommand[] {
  return [
    createReplayCommand({ open: openProjectionStores }),
    createEraseCommand({ openErasure }),
    createTokensCommand(),
    createPolicyCommand(),
    createApprovalsCommand(),
    // Register a command module here: one line per command.
  ];
}
