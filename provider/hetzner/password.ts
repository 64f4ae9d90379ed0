/**
 * The storage-box password policy (spec: tag "Storage Boxes", "Password policy"; it applies to boxes and
 * subaccounts alike), checked before any request. Reasons never quote the password, nor any character of it.
 */
import { CheckFailure, isUnknown } from "../core/inputs";

const SPECIALS = "^°!§$%/()=?+#-.,;:~*@{}_&";
const UPPER = /[A-ZÄÖÜ]/;
const LOWER = /[a-zäöüß]/;
const DIGIT = /[0-9]/;
const ALLOWED = new RegExp(`^[a-zA-ZÄÖÜäöüß0-9${SPECIALS.replace(/[\]\\^-]/g, "\\$&")}]*$`);
const MIN_LENGTH = 12;
const MAX_LENGTH = 128;

/** What the password breaks of the policy (empty: it keeps it; the API still refuses known breached passwords). */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < MIN_LENGTH || length > MAX_LENGTH) problems.push(`must be ${MIN_LENGTH} to ${MAX_LENGTH} characters long (it has ${length})`);
  if (!ALLOWED.test(password)) problems.push(`may only contain a-z A-Z Ä Ö Ü ä ö ü ß 0-9 and ${[...SPECIALS].join(" ")}`);
  const missing = [
    UPPER.test(password) ? undefined : "an upper-case letter",
    LOWER.test(password) ? undefined : "a lower-case letter",
    DIGIT.test(password) ? undefined : "a digit",
    [...password].some((c) => SPECIALS.includes(c)) ? undefined : "a special character",
  ].filter((m): m is string => m !== undefined);
  if (missing.length) problems.push(`must contain ${missing.join(", ")}`);
  return problems;
}

/** check() of a password input: required, a string, within the policy. Unknown values (preview) pass. */
export function checkPassword(value: unknown, property: string, failures: CheckFailure[], what: string): unknown {
  if (isUnknown(value)) return value;
  if (typeof value !== "string" || value === "") {
    failures.push({ property, reason: `${property} is required: the password of the ${what} (set it from a secret, e.g. config.requireSecret)` });
    return value;
  }
  const problems = passwordProblems(value);
  if (problems.length) failures.push({ property, reason: `${property} breaks Hetzner's storage-box password policy: it ${problems.join("; it ")}` });
  return value;
}
