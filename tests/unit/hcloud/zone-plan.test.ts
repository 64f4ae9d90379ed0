import { OWNER_LABEL } from "../../../provider/core/resource";
import { costOf, inScope, isHetznerManaged, LiveRrset, PlannedRrset, planZone, PlanStep, RecordScope, ZonePlanError } from "../../../provider/hcloud/zone-plan";

const ME = "owner-me";
const OTHER = "owner-other";

const SOA: LiveRrset = {
  name: "@",
  type: "SOA",
  ttl: null,
  values: ["hydrogen.ns.hetzner.com. dns.hetzner.com. 2026113001 86400 10800 3600000 3600"],
  labels: {},
  changeProtection: false,
};
const APEX_NS: LiveRrset = {
  name: "@",
  type: "NS",
  ttl: null,
  values: ["hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de."],
  labels: {},
  changeProtection: false,
};

/** A live rrset owned by `owner` (none: unlabelled). */
const live = (name: string, type: string, values: string[], owner: string | null = ME, extra: Partial<LiveRrset> = {}): LiveRrset => ({
  name,
  type,
  ttl: null,
  values,
  labels: owner ? { [OWNER_LABEL]: owner } : {},
  changeProtection: false,
  ...extra,
});
/** `count` TXT values `"<prefix>0"`…. */
const range = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `"${prefix}${i}"`);
const want = (name: string, type: string, values: string[], ttl: number | null = null): PlannedRrset => ({ name, type, ttl, values });
const mine = { [OWNER_LABEL]: ME };
const zone = (...rrsets: LiveRrset[]) => [SOA, APEX_NS, ...rrsets];

/** `count` A rrsets `h0`…, live and owned. */
const hosts = (count: number, value = "192.0.2.1") => Array.from({ length: count }, (_, i) => live(`h${i}`, "A", [value]));

describe("scope", () => {
  test.each<[string, string, RecordScope | undefined, boolean]>([
    ["@", "SOA", undefined, false],
    ["@", "NS", undefined, false],
    ["dev", "NS", undefined, true],
    ["@", "A", undefined, true],
    ["www", "A", { names: ["www"] }, true],
    ["www", "A", { names: ["@"] }, false],
    ["a.dev", "A", { names: ["*.dev"] }, true],
    ["x.y.dev", "A", { names: ["*.dev"] }, true],
    ["*.dev", "A", { names: ["*.dev"] }, true],
    ["dev", "A", { names: ["*.dev"] }, false],
    ["adev", "A", { names: ["*.dev"] }, false],
    ["www", "A", { names: ["*"] }, true],
    ["@", "A", { names: ["*"] }, false],
    ["@", "TXT", { types: ["TXT"] }, true],
    ["@", "MX", { types: ["TXT"] }, false],
    ["a.dev", "TXT", { names: ["*.dev"], types: ["A"] }, false],
    ["a.dev", "A", { names: ["*.dev"], types: ["A"] }, true],
    ["@", "SOA", { types: ["SOA"] }, false],
  ])("%s %s in %j: %s", (name, type, scope, expected) => {
    expect(inScope({ name, type }, scope)).toBe(expected);
  });

  test("Hetzner manages the SOA and the apex NS only", () => {
    expect([isHetznerManaged(SOA), isHetznerManaged(APEX_NS), isHetznerManaged({ name: "dev", type: "NS" })]).toEqual([true, true, false]);
  });
});

describe("per-rrset steps", () => {
  test.each<[string, LiveRrset[], PlannedRrset[], PlanStep[]]>([
    ["nothing to do", [live("www", "A", ["192.0.2.1"])], [want("www", "A", ["192.0.2.1"])], []],
    ["value order is no change", [live("@", "MX", ["10 a.example.", "20 b.example."])], [want("@", "MX", ["20 b.example.", "10 a.example."])], []],
    ["a new rrset is created with the owner label", [], [want("www", "A", ["192.0.2.1"], 300)], [{ command: "create", rrset: want("www", "A", ["192.0.2.1"], 300), labels: mine }]],
    ["an rrset left out is deleted", [live("old", "TXT", ['"x"'])], [], [{ command: "delete", name: "old", type: "TXT" }]],
    ["only additions: add_records", [live("@", "A", ["192.0.2.1"])], [want("@", "A", ["192.0.2.1", "192.0.2.2"])], [{ command: "add_records", name: "@", type: "A", values: ["192.0.2.2"] }]],
    ["only removals: remove_records", [live("@", "A", ["192.0.2.1", "192.0.2.2"])], [want("@", "A", ["192.0.2.2"])], [{ command: "remove_records", name: "@", type: "A", values: ["192.0.2.1"] }]],
    ["both: set_records", [live("@", "A", ["192.0.2.1", "192.0.2.2"])], [want("@", "A", ["192.0.2.2", "192.0.2.3"])], [{ command: "set_records", name: "@", type: "A", values: ["192.0.2.2", "192.0.2.3"] }]],
    ["a TTL change", [live("www", "A", ["192.0.2.1"])], [want("www", "A", ["192.0.2.1"], 600)], [{ command: "change_ttl", name: "www", type: "A", ttl: 600 }]],
    ["back to the zone's TTL", [live("www", "A", ["192.0.2.1"], ME, { ttl: 600 })], [want("www", "A", ["192.0.2.1"])], [{ command: "change_ttl", name: "www", type: "A", ttl: null }]],
    [
      "more than 50 records to set: added in chunks of 50, then removed",
      [live("@", "TXT", range(60, "old"))],
      [want("@", "TXT", range(120, "new"))],
      [
        { command: "add_records", name: "@", type: "TXT", values: range(120, "new").slice(0, 50) },
        { command: "add_records", name: "@", type: "TXT", values: range(120, "new").slice(50, 100) },
        { command: "add_records", name: "@", type: "TXT", values: range(120, "new").slice(100) },
        { command: "remove_records", name: "@", type: "TXT", values: range(60, "old").slice(0, 50) },
        { command: "remove_records", name: "@", type: "TXT", values: range(60, "old").slice(50) },
      ],
    ],
    [
      "more than 50 records removed, at most 50 left: one set_records",
      [live("@", "TXT", range(70, "v"))],
      [want("@", "TXT", range(10, "v"))],
      [{ command: "set_records", name: "@", type: "TXT", values: range(10, "v") }],
    ],
    [
      "exactly 50 records: one set_records",
      [live("@", "TXT", range(50, "old"))],
      [want("@", "TXT", range(50, "new"))],
      [{ command: "set_records", name: "@", type: "TXT", values: range(50, "new") }],
    ],
    [
      "51 records after one swap: add, then remove",
      [live("@", "TXT", range(51, "v"))],
      [want("@", "TXT", [...range(51, "v").slice(1), '"w"'])],
      [{ command: "add_records", name: "@", type: "TXT", values: ['"w"'] }, { command: "remove_records", name: "@", type: "TXT", values: ['"v0"'] }],
    ],
    [
      "values and TTL: two steps, values first",
      [live("www", "A", ["192.0.2.1"])],
      [want("www", "A", ["192.0.2.9"], 60)],
      [{ command: "set_records", name: "www", type: "A", values: ["192.0.2.9"] }, { command: "change_ttl", name: "www", type: "A", ttl: 60 }],
    ],
    [
      "an unlabelled rrset in scope is adopted as it is: its change, no request for a label",
      [live("www", "A", ["192.0.2.1"], null, { labels: { team: "web" } })],
      [want("www", "A", ["192.0.2.2"])],
      [{ command: "set_records", name: "www", type: "A", values: ["192.0.2.2"] }],
    ],
    ["an unlabelled rrset that matches: nothing to do (adopted, not labelled)", [live("www", "A", ["192.0.2.1"], null)], [want("www", "A", ["192.0.2.1"])], []],
    [
      "a type change at one name: the delete comes before the create (CNAME beside other data is refused)",
      [live("www", "A", ["192.0.2.1"]), live("api", "A", ["192.0.2.5"])],
      [want("www", "CNAME", ["example.com."]), want("api", "A", ["192.0.2.6"])],
      [
        { command: "delete", name: "www", type: "A" },
        { command: "set_records", name: "api", type: "A", values: ["192.0.2.6"] },
        { command: "create", rrset: want("www", "CNAME", ["example.com."]), labels: mine },
      ],
    ],
  ])("%s", (_title, rrsets, desired, steps) => {
    // An unchanged rrset beside them carries a user's label, which an import would drop: no import.
    const unchanged = [live("kept", "A", ["192.0.2.1"], ME, { labels: { ...mine, team: "web" } })];
    const plan = planZone({ live: zone(...rrsets, ...unchanged), desired: [...desired, ...unchanged.map((r) => want(r.name, r.type, r.values))], owner: ME });
    expect(plan.steps).toEqual(steps);
    expect(plan.path).toBe(steps.length ? "rrsets" : "none");
    expect(plan.requests).toBe(costOf(steps));
  });

  test("the SOA and apex NS are never touched, even with no desired rrsets at all", () => {
    expect(planZone({ live: zone(), desired: [], owner: ME })).toEqual({ path: "none", steps: [], requests: 0, compared: { rrsets: 0 } });
  });

  test("steps come in a stable order: deletes, changes, creates, each by name and type", () => {
    const plan = planZone({
      live: zone(live("b", "A", ["192.0.2.1"]), live("a", "TXT", ['"x"']), live("a", "A", ["192.0.2.1"]), live("c", "A", ["192.0.2.1"])),
      desired: [want("z", "A", ["192.0.2.1"]), want("c", "A", ["192.0.2.2"]), want("y", "A", ["192.0.2.1"])],
      scope: { names: ["*"] },
      owner: ME,
    });
    expect(plan.steps.map((s) => `${s.command} ${"rrset" in s ? `${s.rrset.name}/${s.rrset.type}` : "name" in s ? `${s.name}/${s.type}` : ""}`)).toEqual([
      "delete a/A",
      "delete a/TXT",
      "delete b/A",
      "set_records c/A",
      "create y/A",
      "create z/A",
    ]);
  });
});

describe("cost", () => {
  test.each<[string, PlanStep[], number]>([
    ["an Action: the write and one poll", [{ command: "delete", name: "a", type: "A" }], 2],
    ["an import: one write and its wait, whatever the zone holds", [{ command: "import_zonefile", rrsets: hosts(500).map((r) => want(r.name, r.type, r.values)) }], 2],
    [
      "per-rrset writes: 2 each",
      [
        { command: "create", rrset: want("a", "A", ["192.0.2.1"]), labels: mine },
        { command: "change_ttl", name: "b", type: "A", ttl: 60 },
      ],
      4,
    ],
  ])("%s", (_title, steps, requests) => expect(costOf(steps)).toBe(requests));
});

describe("per-rrset writes or one import", () => {
  test("a few changes in a large zone: one import, 2 requests however large the zone", () => {
    const rrsets = hosts(500);
    const desired = rrsets.map((r, i) => want(r.name, "A", [i < 3 ? "192.0.2.99" : "192.0.2.1"]));
    const plan = planZone({ live: zone(...rrsets), desired, owner: ME });
    expect(plan.path).toBe("import");
    expect(plan.compared).toEqual({ rrsets: 6, import: 2 });
    expect(plan.requests).toBe(2);
  });

  test("everything changes: one import and nothing after it (the owner labels it drops cost no request: the state records the rrsets)", () => {
    const rrsets = [live("adopted", "A", ["192.0.2.1"], null), ...hosts(4)];
    const desired = rrsets.map((r) => want(r.name, "A", ["198.51.100.1"]));
    const plan = planZone({ live: zone(...rrsets), desired, owner: ME });
    expect(plan).toEqual({
      path: "import",
      steps: [{ command: "import_zonefile", rrsets: [{ name: "@", type: "NS", ttl: null, values: APEX_NS.values }, { name: "@", type: "SOA", ttl: null, values: SOA.values }, ...desired] }],
      requests: 2,
      compared: { rrsets: 10, import: 2 },
    });
  });

  test.each<[string, Record<string, string>]>([
    ["an unlabelled rrset with a user's label", { team: "web" }],
    ["an owned rrset with a user's label beside the owner label", { ...mine, team: "web" }],
    ["an rrset whose owner label has this resource's key under another label", { "other-tool/owner": ME }],
  ])("no import when it would drop a label: %s", (_title, labels) => {
    const rrsets = [...hosts(4), live("tagged", "A", ["192.0.2.1"], null, { labels })];
    const plan = planZone({ live: zone(...rrsets), desired: rrsets.map((r) => want(r.name, "A", ["198.51.100.1"])), owner: ME });
    expect(plan.path).toBe("rrsets");
    expect(plan.compared).toEqual({ rrsets: 10, importRefused: "tagged/A carries labels an import would drop" });
    expect(plan.steps.map((s) => s.command)).toEqual(Array(5).fill("set_records"));
  });

  test("no import when it would drop the comments of records", () => {
    const rrsets = [...hosts(4), live("noted", "A", ["192.0.2.1"], ME, { commented: true })];
    const plan = planZone({ live: zone(...rrsets), desired: rrsets.map((r) => want(r.name, "A", ["198.51.100.1"])), owner: ME });
    expect(plan.path).toBe("rrsets");
    expect(plan.compared).toEqual({ rrsets: 10, importRefused: "noted/A carries record comments an import would drop" });
  });

  test("removing every rrset: an import of the SOA and NS alone", () => {
    const plan = planZone({ live: zone(...hosts(3)), desired: [], owner: ME });
    expect(plan).toEqual({
      path: "import",
      steps: [{ command: "import_zonefile", rrsets: [{ name: "@", type: "NS", ttl: null, values: APEX_NS.values }, { name: "@", type: "SOA", ttl: null, values: SOA.values }] }],
      requests: 2,
      compared: { rrsets: 6, import: 2 },
    });
  });

  test("a tie goes to the per-rrset path", () => {
    // One delete (2) against an import (2).
    const plan = planZone({ live: zone(live("a", "A", ["192.0.2.1"])), desired: [], owner: ME });
    expect(plan.path).toBe("rrsets");
    expect(plan.compared).toEqual({ rrsets: 2, import: 2 });
  });

  test.each<[string, Partial<Parameters<typeof planZone>[0]>, LiveRrset[], string]>([
    ["a filter", { scope: { types: ["A"] } }, [], "a filter limits this resource to part of the zone"],
    ["a name filter", { scope: { names: ["*"] } }, [], "a filter limits this resource to part of the zone"],
    ["a change-protected rrset that stays as it is", {}, [live("dev", "NS", ["ns1.example."], ME, { changeProtection: true })], "change-protected rrsets (dev/NS) block an import"],
    ["a protected SOA", {}, [], "change-protected rrsets (@/SOA) block an import"],
    ["an apex NS another resource manages", {}, [], "@/NS carries labels an import would drop"],
    ["rrsets this resource leaves alone (destroy spares what is not its own)", { managed: (r) => r.labels[OWNER_LABEL] === ME }, [live("keep", "A", ["192.0.2.1"], null)], "the zone holds rrsets this resource leaves alone (keep/A)"],
  ])("no import with %s", (title, options, extra, reason) => {
    const rrsets = hosts(5);
    const base =
      title === "a protected SOA"
        ? [{ ...SOA, changeProtection: true }, APEX_NS]
        : title === "an apex NS another resource manages"
          ? [SOA, { ...APEX_NS, labels: { [OWNER_LABEL]: OTHER } }]
          : zone();
    const kept = extra.filter((r) => r.labels[OWNER_LABEL] === ME).map((r) => want(r.name, r.type, r.values));
    const desired = options.scope?.names ? [] : [...rrsets.map((r) => want(r.name, "A", ["198.51.100.1"])), ...kept];
    const plan = planZone({ live: [...base, ...rrsets, ...extra], desired, owner: ME, ...options });
    expect(plan.path).toBe("rrsets");
    expect(plan.compared).toEqual({ rrsets: 10, importRefused: reason });
  });

  test("no import without the zone's SOA", () => {
    const plan = planZone({ live: [APEX_NS, ...hosts(5)], desired: [], owner: ME });
    expect(plan.compared.importRefused).toBe("the zone's SOA or apex NS is missing, and an import must contain both");
  });
});

describe("scope and ownership", () => {
  test("rrsets out of the filter are never touched, and neither are those destroy does not own", () => {
    const rrsets = [live("www", "A", ["192.0.2.1"], null), live("a.dev", "A", ["192.0.2.1"]), live("b.dev", "TXT", ['"x"'])];
    expect(planZone({ live: zone(...rrsets), desired: [], scope: { names: ["*.dev"], types: ["A"] }, owner: ME }).steps).toEqual([
      { command: "delete", name: "a.dev", type: "A" },
    ]);
    expect(planZone({ live: zone(...rrsets), desired: [], owner: ME, managed: (r) => r.labels[OWNER_LABEL] === ME }).steps).toEqual([
      { command: "delete", name: "a.dev", type: "A" },
      { command: "delete", name: "b.dev", type: "TXT" },
    ]);
  });

  test("an rrset in scope owned by another resource fails, naming both owners and the fix", () => {
    const plan = () => planZone({ live: zone(live("www", "A", ["192.0.2.1"], OTHER)), desired: [want("www", "A", ["192.0.2.1"])], owner: ME });
    expect(plan).toThrow(ZonePlanError);
    expect(plan).toThrow(
      `rrset www/A belongs to another resource (label ${OWNER_LABEL}=${OTHER}), but is in the scope of this one (${OWNER_LABEL}=${ME}): ` +
        "an rrset has exactly one owner; leave it out of this resource's records and narrow its filter, or remove it from the other resource",
    );
    // Also when the program does not list it (it would be removed).
    expect(() => planZone({ live: zone(live("www", "A", ["192.0.2.1"], OTHER)), desired: [], owner: ME })).toThrow(/rrset www\/A belongs to another resource/);
  });

  test("another resource's rrset outside the filter, or not managed, is fine", () => {
    const rrsets = [live("www", "A", ["192.0.2.1"], OTHER)];
    expect(planZone({ live: zone(...rrsets), desired: [], scope: { names: ["*.dev"] }, owner: ME }).path).toBe("none");
    expect(planZone({ live: zone(...rrsets), desired: [], owner: ME, managed: (r) => r.labels[OWNER_LABEL] === ME }).path).toBe("none");
  });

  test("a change-protected rrset that would change fails before any request; one that stays is fine", () => {
    const rrsets = [live("www", "A", ["192.0.2.1"], ME, { changeProtection: true }), live("api", "A", ["192.0.2.1"], ME, { changeProtection: true })];
    expect(() => planZone({ live: zone(...rrsets), desired: [want("api", "A", ["192.0.2.1"]), want("www", "A", ["192.0.2.2"])], owner: ME })).toThrow(
      "rrset www/A is change-protected and would have to change: turn its change protection off first, or leave it out of this resource's scope",
    );
    expect(() => planZone({ live: zone(...rrsets), desired: [], owner: ME })).toThrow(/^rrset api\/A, rrset www\/A are change-protected/);
    expect(planZone({ live: zone(...rrsets), desired: [want("api", "A", ["192.0.2.1"]), want("www", "A", ["192.0.2.1"])], owner: ME }).path).toBe("none");
  });
});
