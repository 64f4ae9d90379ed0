/**
 * Labels and label selectors, as both Hetzner specs document them ("Labels", "Label Selector").
 */
import { FieldErrors, invalidInput, isObject } from "./conventions";

const LABEL_NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const DNS_LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (name.length > 63 || !LABEL_NAME.test(name)) return `label key '${key}' has an invalid name`;
  if (prefix === undefined) return undefined;
  if (prefix.length > 253 || !prefix.split(".").every((part) => part.length <= 63 && DNS_LABEL.test(part))) {
    return `label key '${key}' has an invalid prefix`;
  }
  if (prefix === "hetzner.cloud") return `label key prefix 'hetzner.cloud/' is reserved`;
  return undefined;
}

/** Reports label errors under the `labels` field; labels must be an object of string values. */
export function validateLabels(labels: unknown, errors: Pick<FieldErrors, "add">): void {
  if (labels === undefined) return;
  if (!isObject(labels)) {
    errors.add("labels", "must be an object");
    return;
  }
  for (const [key, value] of Object.entries(labels)) {
    const keyError = labelKeyError(key);
    if (keyError) errors.add("labels", keyError);
    if (typeof value !== "string") errors.add("labels", `label value of '${key}' must be a string`);
    else if (value.length > 63 || (value !== "" && !LABEL_NAME.test(value))) {
      errors.add("labels", `label value '${value}' of '${key}' is invalid`);
    }
  }
}

// ---- label selectors ----

export type Labels = Record<string, string>;
type Requirement = (labels: Labels) => boolean;

const KEY = "[a-zA-Z0-9](?:[-_./a-zA-Z0-9]*[a-zA-Z0-9])?";
const VALUE = "(?:[a-zA-Z0-9](?:[-_.a-zA-Z0-9]*[a-zA-Z0-9])?)?";
const NOT_EXISTS = new RegExp(`^!\\s*(${KEY})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`);
const COMPARE = new RegExp(`^(${KEY})\\s*(==|!=|=)\\s*(${VALUE})$`);
const EXISTS = new RegExp(`^(${KEY})$`);
const SET_VALUE = new RegExp(`^${VALUE}$`);

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    if (selector[i] === "(") depth++;
    else if (selector[i] === ")") depth--;
    else if (selector[i] === "," && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts.map((part) => part.trim());
}

function parseRequirement(expression: string): Requirement | undefined {
  let match = NOT_EXISTS.exec(expression);
  if (match) {
    const key = match[1];
    return (labels) => !(key in labels);
  }
  match = SET.exec(expression);
  if (match) {
    const [, key, operator, list] = match;
    const values = list.split(",").map((value) => value.trim());
    if (!values.every((value) => SET_VALUE.test(value))) return undefined;
    // Like Kubernetes selectors, `notin` also matches resources without the key.
    return operator === "in"
      ? (labels) => key in labels && values.includes(labels[key])
      : (labels) => !(key in labels) || !values.includes(labels[key]);
  }
  match = COMPARE.exec(expression);
  if (match) {
    const [, key, operator, value] = match;
    return operator === "!=" ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  match = EXISTS.exec(expression);
  if (match) {
    const key = match[1];
    return (labels) => key in labels;
  }
  return undefined;
}

/** Compiles a label selector (all requirements must hold); a syntax error is `invalid_input` on `field`. */
export function labelSelector(selector: string, field: string): (labels: Labels) => boolean {
  const requirements = splitTopLevel(selector).map((expression) => {
    const requirement = parseRequirement(expression);
    if (!requirement) throw invalidInput(field, `invalid label selector expression '${expression}'`);
    return requirement;
  });
  return (labels) => requirements.every((requirement) => requirement(labels));
}
