/**
 * Conventions of the Hetzner Cloud API only (the Hetzner-wide ones are in ../hetzner): resource names.
 */
import { FieldErrors } from "../hetzner/conventions";
import { validateLabels, type Labels } from "../hetzner/labels";

const MAX_NAME_LENGTH = 128;

/** Resource names: non-empty, at most 128 characters (every named Hetzner Cloud resource). */
export function validateName(name: unknown, errors: FieldErrors): void {
  if (typeof name !== "string" || name.trim() === "") errors.add("name", "is required and must be a non-empty string");
  else if (name.length > MAX_NAME_LENGTH) errors.add("name", `must be at most ${MAX_NAME_LENGTH} characters`);
}

/**
 * The `PUT /<things>/{id}` of a named, labelled resource: validates name, any extra fields and labels
 * together, then applies them (labels are replaced as a whole, as the API documents).
 */
export function updateNameAndLabels(
  body: Record<string, unknown>,
  target: { name: string; labels: Labels },
  assertUniqueName: (name: string) => void,
  validateExtra?: (errors: FieldErrors) => void,
): void {
  const errors = new FieldErrors();
  if (body.name !== undefined) validateName(body.name, errors);
  validateExtra?.(errors);
  validateLabels(body.labels, errors);
  errors.throwIfAny();
  if (body.name !== undefined) {
    assertUniqueName(body.name as string);
    target.name = body.name as string;
  }
  if (body.labels !== undefined) target.labels = { ...(body.labels as Labels) };
}
