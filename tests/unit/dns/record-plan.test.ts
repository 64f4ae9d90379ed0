import { groupRecords, LiveRecord, planRecords, toSingleRecords, writesOf } from "../../../provider/dns/record-plan";
import { checkFilter, checkRecordsShape, desiredRecords, inScope } from "../../../provider/dns/zone-records-input";
import type { CheckFailure } from "../../../provider/core/inputs";

const live = (id: string, name: string, type: string, value: string, ttl: number | null = null): LiveRecord => ({ id, name, type, ttl, value });

describe("planRecords (one record per value)", () => {
  it("keeps what is already live and writes nothing for an identical zone", () => {
    const records = [live("1", "@", "A", "203.0.113.1"), live("2", "www", "CNAME", "example.com.", 300)];
    const plan = planRecords(records, records.map(({ id: _id, ...r }) => r));
    expect(plan).toEqual({ deletes: [], updates: [], creates: [], kept: records });
    expect(writesOf(plan)).toBe(0);
  });

  it("rewrites a changed value in place instead of deleting and creating", () => {
    const plan = planRecords([live("1", "www", "A", "203.0.113.1")], [{ name: "www", type: "A", ttl: null, value: "203.0.113.2" }]);
    expect(plan.updates).toEqual([{ id: "1", from: live("1", "www", "A", "203.0.113.1"), to: { name: "www", type: "A", ttl: null, value: "203.0.113.2" } }]);
    expect(writesOf(plan)).toBe(1);
  });

  it("updates only the TTL of a value that stays, and keeps the values that did not change", () => {
    const records = [live("1", "@", "MX", "10 mx1.example.com.", 300), live("2", "@", "MX", "20 mx2.example.com.", 600)];
    const plan = planRecords(records, [
      { name: "@", type: "MX", ttl: 600, value: "10 mx1.example.com." },
      { name: "@", type: "MX", ttl: 600, value: "20 mx2.example.com." },
    ]);
    expect(plan.kept.map((r) => r.id)).toEqual(["2"]);
    expect(plan.updates).toEqual([{ id: "1", from: records[0], to: { name: "@", type: "MX", ttl: 600, value: "10 mx1.example.com." } }]);
  });

  it("creates and deletes what cannot be rewritten, and never rewrites across names or types", () => {
    const plan = planRecords(
      [live("1", "www", "A", "203.0.113.1"), live("2", "old", "TXT", '"gone"'), live("3", "www", "A", "203.0.113.9")],
      [
        { name: "www", type: "A", ttl: null, value: "203.0.113.1" },
        { name: "www", type: "AAAA", ttl: null, value: "2001:db8::1" },
      ],
    );
    expect(plan.kept.map((r) => r.id)).toEqual(["1"]);
    expect(plan.updates).toEqual([]);
    expect(plan.deletes.map((r) => r.id).sort()).toEqual(["2", "3"]);
    expect(plan.creates).toEqual([{ name: "www", type: "AAAA", ttl: null, value: "2001:db8::1" }]);
  });

  it("treats a second live copy of a value as one to rewrite or delete", () => {
    const plan = planRecords([live("1", "@", "TXT", '"a"'), live("2", "@", "TXT", '"a"')], [{ name: "@", type: "TXT", ttl: null, value: '"a"' }]);
    expect(plan.kept.map((r) => r.id)).toEqual(["1"]);
    expect(plan.deletes.map((r) => r.id)).toEqual(["2"]);
  });

  it("goes between rrsets and single records both ways; records of one rrset that disagree on TTL stay apart", () => {
    const rrsets = [{ name: "@", type: "A", ttl: 300, values: ["203.0.113.2", "203.0.113.1"] }];
    const singles = toSingleRecords(rrsets);
    expect(singles).toEqual([
      { name: "@", type: "A", ttl: 300, value: "203.0.113.2" },
      { name: "@", type: "A", ttl: 300, value: "203.0.113.1" },
    ]);
    expect(groupRecords(singles)).toEqual([{ name: "@", type: "A", ttl: 300, values: ["203.0.113.1", "203.0.113.2"] }]);
    expect(groupRecords([{ ...singles[0], ttl: 600 }, singles[1]])).toEqual([
      { name: "@", type: "A", ttl: 300, values: ["203.0.113.1"] },
      { name: "@", type: "A", ttl: 600, values: ["203.0.113.2"] },
    ]);
  });
});

describe("zone-records-input with a family's own record types", () => {
  const vendorManaged = (r: { name: string; type: string }) => r.type === "SOA";

  it("refuses a type outside the family's list, naming the list", () => {
    const failures: CheckFailure[] = [];
    checkFilter({ types: ["ptr"] }, "example.com", failures, ["A", "AAAA", "MX"]);
    expect(failures).toEqual([{ property: "filter.types[0]", reason: 'filter.types[0]: "PTR" is not a record type (A, AAAA, MX)' }]);
    const desired = desiredRecords([{ name: "x", type: "PTR", values: ["host.example.com."] }], "example.com", undefined, { vendorManaged, types: ["A", "AAAA", "MX"] });
    expect(desired.failures).toEqual([{ property: "records[0].type", reason: 'record type "PTR" is not one of A, AAAA, MX' }]);
  });

  it("leaves the vendor's records out and checks the rest against the scope", () => {
    const records = checkRecordsShape(
      [
        { name: "@", type: "soa", values: ["ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 86400"] },
        { name: "www", type: "A", values: ["203.0.113.1"] },
      ],
      [],
    ) as any[];
    const desired = desiredRecords(records, "example.com", { names: ["mail"] }, { vendorManaged });
    expect(desired.skipped).toEqual(["records[0] @ SOA"]);
    expect(desired.failures).toEqual([{ property: "records[1]", reason: 'records[1]: www A is outside this resource\'s filter {"names":["mail"]}' }]);
    expect(inScope({ name: "a.mail", type: "A" }, { names: ["*.mail"] }, vendorManaged)).toBe(true);
    expect(inScope({ name: "@", type: "SOA" }, undefined, vendorManaged)).toBe(false);
  });
});
