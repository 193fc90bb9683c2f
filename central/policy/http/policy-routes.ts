import { Hono, type Context } from "hono";
import { z } from "zod";
import type { CorrelationIdEnv as CentralEnv } from "../../../shared/http/correlation-id/index.js";
import { idSchema } from "../../../shared/ids.js";
import {
  activatePolicyRequestSchema,
  auditPolicyRequestSchema,
  pushPolicyRequestSchema,
  rollbackPolicyRequestSchema,
  type ActivationResponse,
  type PolicyVersionResponse,
  type PolicyVersionsResponse,
  type PushPolicyResponse,
} from "../../../shared/policy-admin-api.js";
import { validatePolicyDocument } from "../../../shared/policy/policy-document.js";
import { problem, ProblemError } from "../../../shared/problem-details.js";
import { adminPrincipalOf, requireAdminScope, type AdminAuth } from "../../auth/index.js";
import { readJsonBody } from "../../http/json-body.js";
import { readRouteParams } from "../../http/route-params.js";
import { activeActivation, type PolicyState, type PolicyVersionRecord } from "../store/policy-state.js";
import type { PolicyDryRun, PolicyStore } from "../store/policy-store.js";
import { throwPolicyProblem } from "./policy-problems.js";

/** What the policy admin routes need. */
export interface PolicyRoutesDeps {
  auth: AdminAuth;
  policies: PolicyStore;
  /** Replays recorded proposals under a candidate (push dry-runs and audits); without it those answer 404. */
  audit?: PolicyDryRun;
}

const BASE = "/v1/admin/tenants/:tenantId/policies";
const tenantParams = z.object({ tenantId: idSchema });
const versionParams = z.object({ tenantId: idSchema, version: z.coerce.number().int().positive() });

const params = <S extends z.ZodType>(c: Context, schema: S) =>
  readRouteParams(c, schema, "tenant id or policy version");

function meta(c: Context, tenantId: string) {
  return { tenantId, by: adminPrincipalOf(c).id, correlationId: c.get("correlationId") as string };
}

function summary(record: PolicyVersionRecord, state: PolicyState) {
  return {
    version: record.version,
    description: record.document.description ?? null,
    pushedAt: record.pushedAt,
    pushedBy: record.pushedBy,
    documentSha256: record.documentSha256,
    dryRun: record.dryRun,
    active: activeActivation(state)?.version === record.version,
  };
}

function versionBody(tenantId: string, record: PolicyVersionRecord, state: PolicyState): PolicyVersionResponse {
  return { tenantId, ...summary(record, state), document: record.document };
}

/**
 * The policy admin API under `/v1/admin/tenants/:tenantId/policies`: list and read versions (scope `read`), push,
 * activate and roll back (scope `policy:write`), and audit recorded proposals under a version or document (`read`).
 */
export function policyRoutes(deps: PolicyRoutesDeps): Hono<CentralEnv> {
  const read = requireAdminScope(deps.auth, "read");
  const write = requireAdminScope(deps.auth, "policy:write");
  const auditOrThrow = () => {
    if (!deps.audit) throw new ProblemError(problem("not_found", "This server has no record of proposals to replay."));
    return deps.audit;
  };

  return new Hono<CentralEnv>()
    .get(BASE, read, async (c) => {
      const { tenantId } = params(c, tenantParams);
      const state = await deps.policies.state(tenantId);
      const body: PolicyVersionsResponse = {
        tenantId,
        activeVersion: activeActivation(state)?.version ?? null,
        versions: [...state.versions.values()]
          .sort((a, b) => a.version - b.version)
          .map((record) => summary(record, state)),
        activations: state.stack.map((activation) => ({ ...activation })),
      };
      return c.json(body);
    })
    .get(`${BASE}/active`, read, async (c) => {
      const { tenantId } = params(c, tenantParams);
      const state = await deps.policies.state(tenantId);
      const active = activeActivation(state);
      const record = active ? state.versions.get(active.version) : undefined;
      if (!record) throw new ProblemError(problem("not_found", `Tenant ${tenantId} has no active policy.`));
      return c.json(versionBody(tenantId, record, state));
    })
    .get(`${BASE}/:version{[0-9]+}`, read, async (c) => {
      const { tenantId, version } = params(c, versionParams);
      const state = await deps.policies.state(tenantId);
      const record = state.versions.get(version);
      if (!record) throw new ProblemError(problem("not_found", `Tenant ${tenantId} has no policy version ${version}.`));
      return c.json(versionBody(tenantId, record, state));
    })
    .post(BASE, write, async (c) => {
      const { tenantId } = params(c, tenantParams);
      const body = await readJsonBody(c, pushPolicyRequestSchema);
      if (body.dryRunLimit !== undefined) auditOrThrow();
      const pushed = await deps.policies.push(
        meta(c, tenantId),
        body.document,
        body.dryRunLimit === undefined ? {} : { dryRunLimit: body.dryRunLimit },
      );
      if (!pushed.ok) throwPolicyProblem(pushed.error);
      const answer: PushPolicyResponse = {
        tenantId,
        version: pushed.value.version,
        alreadyPushed: pushed.value.alreadyPushed,
        dryRun: pushed.value.dryRun
          ? { ...pushed.value.dryRun, differences: [...pushed.value.dryRun.differences] as Record<string, unknown>[] }
          : null,
      };
      return c.json(answer, pushed.value.alreadyPushed ? 200 : 201);
    })
    .post(`${BASE}/:version{[0-9]+}/activate`, write, async (c) => {
      const { tenantId, version } = params(c, versionParams);
      const body = await readJsonBody(c, activatePolicyRequestSchema);
      const activated = await deps.policies.activate(meta(c, tenantId), version, body.reason ?? null);
      if (!activated.ok) throwPolicyProblem(activated.error);
      const answer: ActivationResponse = activated.value;
      return c.json(answer);
    })
    .post(`${BASE}/rollback`, write, async (c) => {
      const { tenantId } = params(c, tenantParams);
      const body = await readJsonBody(c, rollbackPolicyRequestSchema);
      const rolledBack = await deps.policies.rollback(meta(c, tenantId), {
        ...(body.fromVersion === undefined ? {} : { fromVersion: body.fromVersion }),
        reason: body.reason ?? null,
      });
      if (!rolledBack.ok) throwPolicyProblem(rolledBack.error);
      const answer: ActivationResponse = rolledBack.value;
      return c.json(answer);
    })
    .post(`${BASE}/audit`, read, async (c) => {
      const { tenantId } = params(c, tenantParams);
      const body = await readJsonBody(c, auditPolicyRequestSchema);
      const audit = auditOrThrow();
      let candidate;
      if (body.document !== undefined) {
        const valid = validatePolicyDocument(body.document);
        if (!valid.ok) throwPolicyProblem(valid.error);
        if (valid.value.tenantId !== tenantId)
          throwPolicyProblem({
            code: "policy_tenant_mismatch",
            message: `the document is tenant ${valid.value.tenantId}'s, not ${tenantId}'s`,
          });
        candidate = valid.value;
      } else {
        const state = await deps.policies.state(tenantId);
        const version = body.version ?? activeActivation(state)?.version;
        candidate = version === undefined ? undefined : state.versions.get(version)?.document;
        if (!candidate)
          throw new ProblemError(
            problem(
              "not_found",
              body.version === undefined
                ? `Tenant ${tenantId} has no active policy; give a version or a document.`
                : `Tenant ${tenantId} has no policy version ${body.version}.`,
            ),
          );
      }
      return c.json(await audit(tenantId, candidate, body.limit));
    });
}
