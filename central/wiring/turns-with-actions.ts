import { createActionsModule, type ActionsModule, type ActionsModuleDeps } from "../actions/actions-module.js";
import { createTurnService, type TurnService } from "../turns/turn-service.js";

/** What the turn service and the action pipeline run after each reply are built from. */
export interface TurnsWithActionsDeps extends ActionsModuleDeps {
  /** How many past messages of a conversation go to the model. */
  historyTurns: number;
  /** Where a failure of the pipeline after a reply goes (it never fails the turn). */
  onPipelineError(error: unknown): void;
}

/** The actions module and the turn service whose `afterReply` runs its proposal pipeline (central, test harnesses). */
export function createTurnsWithActions(deps: TurnsWithActionsDeps): { actions: ActionsModule; turns: TurnService } {
  const actions = createActionsModule(deps);
  const turns = createTurnService({
    eventStore: deps.eventStore,
    llm: deps.llm,
    clock: deps.clock,
    historyTurns: deps.historyTurns,
    afterReply: actions.afterReply(deps.onPipelineError),
  });
  return { actions, turns };
}
