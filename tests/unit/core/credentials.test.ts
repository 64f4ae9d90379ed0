import { ClientsByCredentials, credentialsKey, credentialsOf } from "../../../provider/core/credentials";
import { UNKNOWN } from "../../../provider/core/inputs";

describe("clients keyed by credentials", () => {
  test("one client per endpoint and token; the key holds a digest of the token, never the token", () => {
    let made = 0;
    const clients = new ClientsByCredentials((credentials) => ({ n: ++made, credentials }));
    const a = clients.get({ token: "token-a", endpoint: "https://a.test/v1" });
    expect(clients.get({ endpoint: "https://a.test/v1", token: "token-a" })).toBe(a);
    expect(clients.get({ token: "token-b", endpoint: "https://a.test/v1" })).not.toBe(a);
    expect(clients.get({ token: "token-a", endpoint: "https://b.test/v1" })).not.toBe(a);
    expect(clients.get({ token: "token-a" })).not.toBe(a);
    expect(made).toBe(4);
    expect(credentialsKey({ token: "token-a", endpoint: "https://a.test/v1" })).not.toContain("token-a");
  });

  test("the credentials of props: none, empty or not known yet mean the stack's", () => {
    expect(credentialsOf({ credentials: { token: " t ", endpoint: "https://a.test/v1" } })).toEqual({ token: "t", endpoint: "https://a.test/v1" });
    expect(credentialsOf({ credentials: { endpoint: "https://a.test/v1" } })).toEqual({ endpoint: "https://a.test/v1" });
    expect(credentialsOf({})).toBeUndefined();
    expect(credentialsOf({ credentials: {} })).toBeUndefined();
    expect(credentialsOf({ credentials: { token: UNKNOWN } })).toBeUndefined();
    expect(credentialsOf(undefined)).toBeUndefined();
  });
});
