/**
 * Bad-input tables: for one resource kind, each row is an input the kind must refuse in `check`, with
 * one failure naming the property and the rule, and without a single request. Every family's token and
 * endpoint are set to the unit tests' hosts, so a check that reached for the API would be caught by nock
 * (net connect disabled, no interceptors: useNock fails the test on any request).
 */
import { kindImplementation, resource } from "../../../provider";
import { UNKNOWN } from "../../../provider/core/inputs";
import type { Props } from "../../../provider/core/resource";
import { API, CLOUDFLARE_API, HETZNER_API, HETZNER_DNS_API, isolateConfig, useNock, VPSORG_API } from "../helpers";

/** Each family's settings, pointed at the hosts nock guards. */
const SETTINGS: Record<string, string> = {
  HCLOUD_TOKEN: "bad-input-hcloud-token",
  HCLOUD_ENDPOINT: API,
  HETZNER_TOKEN: "bad-input-hetzner-token",
  HETZNER_ENDPOINT: HETZNER_API,
  HETZNER_DNS_TOKEN: "bad-input-hetznerdns-token",
  HETZNER_DNS_ENDPOINT: HETZNER_DNS_API,
  CLOUDFLARE_API_TOKEN: "bad-input-cloudflare-token",
  CLOUDFLARE_ENDPOINT: CLOUDFLARE_API,
  VPSORG_API_TOKEN: "vps_bad-input-token",
  VPSORG_ENDPOINT: VPSORG_API,
};

export interface BadInput {
  /** What is wrong (the test's name). */
  case: string;
  /** Merged over the kind's valid inputs; a key set to undefined is removed. */
  inputs: Props;
  /** Old inputs (an update's check), when the row needs them. */
  olds?: Props;
  /** The property the one failure must name. */
  property: string;
  /** A stable part of the reason: the rule broken. */
  rule: string;
  /** A secret in the row's inputs, which the reason must not quote. */
  secret?: string;
}

/** Every kind takes `credentials`: refused shapes. */
export const credentialsRows: BadInput[] = [
  { case: "an empty credentials token", inputs: { credentials: { token: "" } }, property: "credentials", rule: "credentials.token must be a non-empty string" },
  { case: "a credentials endpoint that is no http(s) URL", inputs: { credentials: { endpoint: "ftp://api.example" } }, property: "credentials", rule: "credentials.endpoint must be an http(s) URL" },
  { case: "an unknown credentials key", inputs: { credentials: { tokn: "t" } }, property: "credentials", rule: 'credentials: unknown property "tokn"' },
];
/** The Hetzner APIs' label rules (hcloud and hetzner kinds). */
export const labelRows: BadInput[] = [
  { case: "labels that are not a map", inputs: { labels: ["env=prod"] }, property: "labels", rule: "labels must be a map of strings" },
  { case: "a label key with a bad character", inputs: { labels: { "env!": "prod" } }, property: "labels", rule: 'label key "env!"' },
  { case: "a label value over 63 characters", inputs: { labels: { env: "v".repeat(64) } }, property: "labels", rule: "the value must be empty or 1-63 characters" },
  { case: "a label value starting with a dash", inputs: { labels: { env: "-prod" } }, property: "labels", rule: 'label "env": the value must be' },
  { case: "the reserved hetzner.cloud/ prefix", inputs: { labels: { "hetzner.cloud/role": "x" } }, property: "labels", rule: "the hetzner.cloud/ prefix is reserved" },
  { case: "the owner label", inputs: { labels: { "pulumi-dns-cloud/owner": "x" } }, property: "labels", rule: 'label "pulumi-dns-cloud/owner" is reserved' },
];
/** A record set of the whole-zone resources (`records` of hcloud.ZoneRecords, hetznerdns.ZoneRecords, vpsorg.ZoneRecords). */
export const record = { name: "www", type: "A", values: ["192.0.2.1"] };

/** What every whole-zone resource refuses in `records` (zone example.com), as the shared DNS rules say. */
export const wholeZoneRows: BadInput[] = [
  { case: "no records", inputs: { records: undefined }, property: "records", rule: "records is required" },
  { case: "a record outside the zone", inputs: { records: [{ ...record, name: "www.example.org." }] }, property: "records[0].name", rule: "example.org" },
  { case: "an A record holding a name", inputs: { records: [{ ...record, values: ["web.example.com."] }] }, property: "records[0].values[0]", rule: "web.example.com" },
  { case: "a record TTL of 59 s", inputs: { records: [{ ...record, ttl: 59 }] }, property: "records[0].ttl", rule: "TTL must be a whole number of seconds from 60" },
  { case: "the same rrset twice", inputs: { records: [record, { ...record, values: ["192.0.2.2"] }] }, property: "records[1]", rule: "www/A" },
];

const merged = (valid: Props, inputs: Props): Props =>
  Object.fromEntries(Object.entries({ ...valid, ...inputs }).filter(([, value]) => value !== undefined));

/**
 * The table of one kind: `valid` passes check as it is; each row fails it exactly once, as the row says,
 * and the host shows that failure as one line led by the property; each of `unknowns` (a property, or
 * inputs to merge) passes check while still unknown (preview). `olds`: the old inputs every check gets (an
 * update's), for kinds whose check would otherwise read the API (a record's zone by id).
 */
export function badInputTable(kind: string, valid: Props, rows: BadInput[], unknowns: Array<string | Props>, { olds = {} }: { olds?: Props } = {}): void {
  useNock();
  isolateConfig(Object.keys(SETTINGS));
  beforeEach(() => Object.assign(process.env, SETTINGS));

  describe(`${kind} check`, () => {
    test("accepts the valid inputs the rows start from", async () => {
      expect((await kindImplementation(kind).check(olds, valid)).failures ?? []).toEqual([]);
    });

    test.each(rows.map((row) => [row.case, row] as const))("refuses %s, naming the property and the rule, before any request", async (_case, row) => {
      const news = merged(valid, row.inputs);
      const { failures } = await kindImplementation(kind).check(row.olds ?? olds, news);
      expect(failures).toEqual([{ property: row.property, reason: expect.stringContaining(row.rule) }]);
      // As the engine shows it: one line, the property first.
      const shown = (await resource(kind).check(row.olds ?? olds, news)).failures ?? [];
      expect(shown).toEqual([{ property: "", reason: expect.stringMatching(new RegExp(`^${escape(row.property)}(?!\\w)`)) }]);
      if (row.secret !== undefined) expect(shown[0].reason).not.toContain(row.secret);
    });

    test.each(unknowns.map((unknown) => [typeof unknown === "string" ? unknown : Object.keys(unknown).join(", "), unknown] as const))(
      "passes %s while unknown (preview)",
      async (_label, unknown) => {
        const news = merged(valid, typeof unknown === "string" ? { [unknown]: UNKNOWN } : unknown);
        expect((await kindImplementation(kind).check(olds, news)).failures ?? []).toEqual([]);
      },
    );
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
