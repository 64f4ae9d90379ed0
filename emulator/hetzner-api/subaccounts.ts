/**
 * Storage box subaccounts (`/storage_boxes/{id}/subaccounts…`, spec tags Storage Box Subaccounts and
 * Subaccount Actions): list, create, get, update, delete, and the actions `change_home_directory`,
 * `reset_subaccount_password` and `update_access_settings`. Usernames are the box's with `-sub<n>`
 * (`u12345-sub1`, spec), numbered per box and never reused.
 */
import type { FastifyInstance } from "fastify";
import { assertUnlocked, renderAction, type StoredAction } from "../hetzner/actions";
import { FieldErrors, bodyObject, limitExceeded, notFound, queryValue, refuseBody, type Query } from "../hetzner/conventions";
import { validateLabels, type Labels } from "../hetzner/labels";
import { filterByNameAndLabels, sortItems } from "../hetzner/lists";
import { nextId, type HetznerApiContext } from "./context";
import {
  SUBACCOUNT,
  SUBACCOUNT_ACCESS_KEYS,
  act,
  addFolder,
  assertBoxUnlocked,
  findBox,
  nameTaken,
  normaliseFolder,
  parseAccessSettings,
  renderSubaccount,
  validateDescription,
  validatePassword,
  type StoredStorageBox,
  type StoredSubaccount,
  type SubaccountAccessSettings,
} from "./model";
import { storageBoxTypeByName } from "./types";

const MAX_NAME = 50;
const MAX_DESCRIPTION = 1000;
const MAX_HOME = 999;
const HOME_DIRECTORY = /^[a-zA-Z0-9 ./_-]+$/;

/**
 * `home_directory`: 1 to 999 characters of the spec's pattern, not beginning with a slash (tag Storage
 * Box Subaccounts). A `..` segment, which would leave the box, is refused too (an assumption).
 */
function validateHomeDirectory(raw: unknown, errors: FieldErrors): void {
  const field = "home_directory";
  if (typeof raw !== "string" || raw.length === 0) errors.add(field, "is required and must be a non-empty string");
  else if (raw.length > MAX_HOME) errors.add(field, `must be at most ${MAX_HOME} characters`);
  else if (!HOME_DIRECTORY.test(raw)) errors.add(field, "may only contain a-z, A-Z, 0-9, spaces, dots, slashes, underscores and minus signs");
  else if (raw.startsWith("/")) errors.add(field, "must not begin with a slash");
  else if (normaliseFolder(raw) === undefined) errors.add(field, "must stay inside the storage box (no '..')");
}

function validateName(raw: unknown, errors: FieldErrors): void {
  if (raw === undefined) return;
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_NAME) errors.add("name", `must be a string of 1 to ${MAX_NAME} characters`);
}

export const subaccountsOf = (ctx: HetznerApiContext, box: StoredStorageBox) => ctx.state().subaccounts.filter((s) => s.storageBox === box.id);

export async function subaccountRoutes(app: FastifyInstance, ctx: HetznerApiContext): Promise<void> {
  type Params = { id: string; subaccount_id: string };
  const findIn = (box: StoredStorageBox, rawId: string) => {
    const subaccount = /^[1-9]\d{0,15}$/.test(rawId) ? subaccountsOf(ctx, box).find((s) => s.id === Number(rawId)) : undefined;
    if (!subaccount) throw notFound("storage box subaccount");
    return subaccount;
  };
  const subaccountResource = (subaccount: StoredSubaccount) => ({ id: subaccount.id, type: SUBACCOUNT });
  /** Names are unique per box (an assumption; they default to the unique username). */
  const assertUniqueName = (box: StoredStorageBox, name: string, self?: StoredSubaccount) => {
    if (subaccountsOf(ctx, box).some((s) => s.name === name && s !== self)) throw nameTaken("subaccount");
  };

  app.get<{ Params: { id: string } }>("/storage_boxes/:id/subaccounts", async (request) => {
    const box = findBox(ctx, request.params.id);
    const query = request.query as Query;
    const username = queryValue(query, "username");
    const matching = filterByNameAndLabels(subaccountsOf(ctx, box), query).filter((s) => username === undefined || s.username === username);
    return { subaccounts: sortItems(matching, query, { id: (s) => s.id, created: (s) => s.created }).map(renderSubaccount) };
  });

  app.post<{ Params: { id: string } }>("/storage_boxes/:id/subaccounts", async (request, reply) => {
    const box = findBox(ctx, request.params.id);
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    validateHomeDirectory(body.home_directory, errors);
    validatePassword(body.password, errors);
    validateName(body.name, errors);
    validateDescription(body.description, errors, MAX_DESCRIPTION);
    validateLabels(body.labels, errors);
    const access = parseAccessSettings<SubaccountAccessSettings>(body.access_settings, SUBACCOUNT_ACCESS_KEYS, "access_settings", errors);
    errors.throwIfAny();
    const limit = storageBoxTypeByName(box.type).subaccounts_limit;
    if (subaccountsOf(ctx, box).length >= limit) {
      // The type's `subaccounts_limit`; the limit's name in `details.limits` is not documented, the field's name is a guess.
      throw limitExceeded("subaccounts_limit", `storage box ${box.id} already has ${limit} subaccounts, the limit of its type`);
    }
    const username = `${box.username}-sub${box.nextSubaccount}`;
    const name = (body.name as string | undefined) ?? username;
    assertUniqueName(box, name);
    assertBoxUnlocked(ctx, box);

    box.nextSubaccount++;
    const subaccount: StoredSubaccount = {
      id: nextId(ctx, "subaccount"),
      storageBox: box.id,
      name,
      username,
      homeDirectory: body.home_directory as string,
      accessSettings: { reachable_externally: false, samba_enabled: false, ssh_enabled: false, webdav_enabled: false, readonly: false, ...access },
      description: (body.description as string | undefined) ?? "",
      labels: { ...(body.labels as Labels | undefined) },
      created: Date.now(),
    };
    ctx.state().subaccounts.push(subaccount);
    // "The directory will be created if it doesn't exist yet" (spec).
    addFolder(box, normaliseFolder(subaccount.homeDirectory)!);
    const action = act(ctx, "create_subaccount", box, [subaccountResource(subaccount)], () => {});
    reply.code(201);
    return { subaccount: { id: subaccount.id, storage_box: box.id }, action: renderAction(action) };
  });

  app.get<{ Params: Params }>("/storage_boxes/:id/subaccounts/:subaccount_id", async (request) => {
    const box = findBox(ctx, request.params.id);
    return { subaccount: renderSubaccount(findIn(box, request.params.subaccount_id)) };
  });

  app.put<{ Params: Params }>("/storage_boxes/:id/subaccounts/:subaccount_id", async (request) => {
    const box = findBox(ctx, request.params.id);
    const subaccount = findIn(box, request.params.subaccount_id);
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    validateName(body.name, errors);
    validateDescription(body.description, errors, MAX_DESCRIPTION);
    validateLabels(body.labels, errors);
    errors.throwIfAny();
    assertUnlocked(ctx, [subaccountResource(subaccount)]);
    if (body.name !== undefined) {
      assertUniqueName(box, body.name as string, subaccount);
      subaccount.name = body.name as string;
    }
    if (body.description !== undefined) subaccount.description = body.description as string;
    if (body.labels !== undefined) subaccount.labels = { ...(body.labels as Labels) };
    return { subaccount: renderSubaccount(subaccount) };
  });

  app.delete<{ Params: Params }>("/storage_boxes/:id/subaccounts/:subaccount_id", async (request, reply) => {
    refuseBody(request);
    const box = findBox(ctx, request.params.id);
    const subaccount = findIn(box, request.params.subaccount_id);
    assertBoxUnlocked(ctx, box);
    // Its home directory stays: it can only be deleted after the subaccount (spec).
    const action = act(ctx, "delete_subaccount", box, [subaccountResource(subaccount)], () => {
      ctx.state().subaccounts = ctx.state().subaccounts.filter((s) => s !== subaccount);
    });
    reply.code(201);
    return { action: renderAction(action) };
  });

  const subaccountAction = (path: string, handler: (box: StoredStorageBox, subaccount: StoredSubaccount, body: Record<string, unknown>) => StoredAction) => {
    app.post<{ Params: Params }>(`/storage_boxes/:id/subaccounts/:subaccount_id/actions/${path}`, async (request, reply) => {
      const box = findBox(ctx, request.params.id);
      const subaccount = findIn(box, request.params.subaccount_id);
      const action = handler(box, subaccount, bodyObject(request.body));
      reply.code(201);
      return { action: renderAction(action) };
    });
  };

  subaccountAction("change_home_directory", (box, subaccount, body) => {
    const errors = new FieldErrors();
    validateHomeDirectory(body.home_directory, errors);
    errors.throwIfAny();
    assertBoxUnlocked(ctx, box);
    return act(ctx, "change_home_directory", box, [subaccountResource(subaccount)], () => {
      subaccount.homeDirectory = body.home_directory as string;
      addFolder(box, normaliseFolder(subaccount.homeDirectory)!);
    });
  });

  subaccountAction("reset_subaccount_password", (box, subaccount, body) => {
    const errors = new FieldErrors();
    validatePassword(body.password, errors);
    errors.throwIfAny();
    assertBoxUnlocked(ctx, box);
    // The password is not kept (the API never returns it).
    return act(ctx, "reset_subaccount_password", box, [subaccountResource(subaccount)], () => {});
  });

  subaccountAction("update_access_settings", (box, subaccount, body) => {
    const errors = new FieldErrors();
    const settings = parseAccessSettings<SubaccountAccessSettings>(body, SUBACCOUNT_ACCESS_KEYS, undefined, errors);
    errors.throwIfAny();
    assertBoxUnlocked(ctx, box);
    return act(ctx, "update_access_settings", box, [subaccountResource(subaccount)], () => Object.assign(subaccount.accessSettings, settings));
  });
}
