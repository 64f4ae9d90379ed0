/** check() helpers the resources inside a storage box share. */
import { CheckFailure, checkId } from "../core/inputs";

/** The box a subaccount or snapshot lives in: required, a positive id (a numeric string is converted). */
export function checkStorageBoxId(value: unknown, failures: CheckFailure[]): unknown {
  if (value === undefined || value === null) {
    failures.push({ property: "storageBoxId", reason: "storageBoxId is required: the id of the storage box (e.g. box.storageBoxId)" });
    return value;
  }
  return checkId(value, "storageBoxId", failures, "storage box");
}
