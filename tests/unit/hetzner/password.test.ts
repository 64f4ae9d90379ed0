import { checkPassword, passwordProblems } from "../../../provider/hetzner/password";
import { CheckFailure, UNKNOWN } from "../../../provider/core/inputs";

const GOOD = "Correct-Horse-7-Battery";

describe("passwordProblems (the storage-box password policy)", () => {
  test.each([GOOD, "Äpfel&Birnen2024", "abcDEF123!@#", `Aa1!${"x".repeat(124)}`, "Grüße°§ß12;x"])("accepts %j", (password) => {
    expect(passwordProblems(password)).toEqual([]);
  });

  test.each([
    ["Short-1a", ["it must be 12 to 128 characters long (it has 8)"]],
    [`Aa1!${"x".repeat(125)}`, ["it must be 12 to 128 characters long (it has 129)"]],
    ["alllowercase-1x", ["it must contain an upper case letter"]],
    ["ALLUPPERCASE-1X", ["it must contain a lower case letter"]],
    ["No-Digits-Here!", ["it must contain a digit"]],
    ["NoSpecials12345", ["it must contain a special character"]],
    ["Has Space-1abcd", ["it may only contain a-z A-Z Ä Ö Ü ä ö ü ß 0-9 and ^ ° ! § $ % / ( ) = ? + # - . , ; : ~ * @ { } _ &"]],
    ["abc", ["it must be 12 to 128 characters long (it has 3)", "it must contain an upper case letter, a digit, a special character"]],
  ])("refuses %j", (password, problems) => {
    expect(passwordProblems(password)).toEqual(problems);
  });
});

describe("checkPassword", () => {
  const run = (value: unknown) => {
    const failures: CheckFailure[] = [];
    const result = checkPassword(value, failures);
    return { result, failures };
  };

  test("passes a good password and an unknown one through", () => {
    expect(run(GOOD)).toEqual({ result: GOOD, failures: [] });
    expect(run(UNKNOWN)).toEqual({ result: UNKNOWN, failures: [] });
  });

  test("a missing password names the property and the fix", () => {
    for (const value of [undefined, "", 42]) {
      expect(run(value).failures).toEqual([{ property: "password", reason: "password is required: a string that keeps to Hetzner's storage box password policy" }]);
    }
  });

  test("a password outside the policy is refused without quoting it, or any of its characters", () => {
    const weak = "Qz Qz Qz Qz Qz";
    const { failures } = run(weak);
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toMatch(/^password does not keep to Hetzner's storage box password policy: it may only contain .*; it must contain a digit, a special character$/);
    expect(failures[0].reason).not.toContain("Qz");
  });
});
