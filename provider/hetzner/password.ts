/**
 * The storage box password policy (spec, "Password policy"; the same for boxes and subaccounts),
 * checked before any request. Messages describe the rule broken and never quote the password.
 * The API's last rule (not in a known data breach) only the API can check.
 */
import { CheckFailure, isUnknown } from "../core/inputs";

const UPPER = "A-ZÄÖÜ";
const LOWER = "a-zäöüß";
const SPECIAL = "\\^°!§$%/()=?+#\\-.,;:~*@{}_&";
const ALLOWED = new RegExp(`^[${UPPER}${LOWER}0-9${SPECIAL}]*$`);

/** What the password breaks of the policy (empty: it keeps to it, as far as can be told here). */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < 12 || length > 128) problems.push(`it must be 12 to 128 characters long (it has ${length})`);
  if (!ALLOWED.test(password)) {
    problems.push("it may only contain a-z A-Z Ä Ö Ü ä ö ü ß 0-9 and ^ ° ! § $ % / ( ) = ? + # - . , ; : ~ * @ { } _ &");
  }
  const missing = [
    [`[${UPPER}]`, "an upper case letter"],
    [`[${LOWER}]`, "a lower case letter"],
    ["[0-9]", "a digit"],
    [`[${SPECIAL}]`, "a special character"],
  ]
    .filter(([pattern]) => !new RegExp(pattern).test(password))
    .map(([, what]) => what);
  if (missing.length) problems.push(`it must contain ${missing.join(", ")}`);
  return problems;
}

/** check() of a required password input; unknown values (preview) pass. */
export function checkPassword(value: unknown, failures: CheckFailure[], property = "password"): unknown {
  if (isUnknown(value)) return value;
  if (typeof value !== "string" || value === "") {
    failures.push({ property, reason: `${property} is required: a string that keeps to Hetzner's storage box password policy` });
    return value;
  }
  const problems = passwordProblems(value);
  if (problems.length) failures.push({ property, reason: `${property} does not keep to Hetzner's storage box password policy: ${problems.join("; ")}` });
  return value;
}
