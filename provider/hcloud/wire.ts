/**
 * Hetzner Cloud wire types, named from the official OpenAPI spec (generated/hcloud.ts, made by
 * `npm run gen:wire`). Program-facing shapes live beside each resource; conversion happens in api/.
 */
import type { paths } from "../../generated/hcloud";

type JsonBody<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type Ok<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: infer R;
}
  ? S extends keyof R
    ? JsonBody<R[S]>
    : never
  : never;
type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonBody<NonNullable<B>>
  : never;

export type ActionWire = Ok<"/actions/{id}", "get", 200>["action"];
export type ActionListWire = Ok<"/actions", "get", 200>;

export type FirewallWire = Ok<"/firewalls/{id}", "get", 200>["firewall"];
export type FirewallRuleWire = FirewallWire["rules"][number];
export type FirewallAppliedToWire = FirewallWire["applied_to"][number];
export type FirewallListWire = Ok<"/firewalls", "get", 200>;
export type CreateFirewallRequestWire = RequestBody<"/firewalls", "post">;
export type CreateFirewallResponseWire = Ok<"/firewalls", "post", 201>;
export type UpdateFirewallRequestWire = RequestBody<"/firewalls/{id}", "put">;
export type FirewallApplyToWire = NonNullable<CreateFirewallRequestWire["apply_to"]>[number];
export type SetRulesRequestWire = RequestBody<"/firewalls/{id}/actions/set_rules", "post">;
export type ActionsResponseWire = Ok<"/firewalls/{id}/actions/set_rules", "post", 201>;

export type ServerWire = NonNullable<Ok<"/servers/{id}", "get", 200>["server"]>;

export type FloatingIpWire = Ok<"/floating_ips/{id}", "get", 200>["floating_ip"];
export type CreateFloatingIpRequestWire = RequestBody<"/floating_ips", "post">;
export type CreateFloatingIpResponseWire = Ok<"/floating_ips", "post", 201>;
export type UpdateFloatingIpRequestWire = RequestBody<"/floating_ips/{id}", "put">;
export type ChangeFloatingIpDnsPtrRequestWire = RequestBody<"/floating_ips/{id}/actions/change_dns_ptr", "post">;
/** One Action started by a request (`{ action }`), e.g. the Floating IP actions. */
export type ActionResponseWire = Ok<"/floating_ips/{id}/actions/assign", "post", 201>;

export type LocationWire = Ok<"/locations/{id}", "get", 200>["location"];

export type CertificateWire = Ok<"/certificates/{id}", "get", 200>["certificate"];
export type CertificateStatusWire = NonNullable<CertificateWire["status"]>;
export type CreateCertificateRequestWire = RequestBody<"/certificates", "post">;
export type CreateCertificateResponseWire = Ok<"/certificates", "post", 201>;
export type UpdateCertificateRequestWire = RequestBody<"/certificates/{id}", "put">;
export type RetryCertificateResponseWire = Ok<"/certificates/{id}/actions/retry", "post", 201>;

export type ZoneWire = Ok<"/zones/{id_or_name}", "get", 200>["zone"];
export type ZoneListWire = Ok<"/zones", "get", 200>;
export type CreateZoneRequestWire = RequestBody<"/zones", "post">;
export type CreateZoneResponseWire = Ok<"/zones", "post", 201>;
export type UpdateZoneRequestWire = RequestBody<"/zones/{id_or_name}", "put">;
export type ZonePrimaryNameserverWire = NonNullable<CreateZoneRequestWire["primary_nameservers"]>[number];
export type CreateZoneRrsetWire = NonNullable<CreateZoneRequestWire["rrsets"]>[number];
export type ZonefileWire = Ok<"/zones/{id_or_name}/zonefile", "get", 200>;
export type ImportZonefileRequestWire = RequestBody<"/zones/{id_or_name}/actions/import_zonefile", "post">;
export type ChangeZoneTtlRequestWire = RequestBody<"/zones/{id_or_name}/actions/change_ttl", "post">;
export type ChangeZoneProtectionRequestWire = RequestBody<"/zones/{id_or_name}/actions/change_protection", "post">;
export type ChangeZonePrimaryNameserversRequestWire = RequestBody<"/zones/{id_or_name}/actions/change_primary_nameservers", "post">;

export type RrsetWire = Ok<"/zones/{id_or_name}/rrsets/{rr_name}/{rr_type}", "get", 200>["rrset"];
export type RrsetRecordWire = RrsetWire["records"][number];
/** The record types the Cloud DNS API accepts. */
export type RrsetTypeWire = RrsetWire["type"];
export type RrsetListWire = Ok<"/zones/{id_or_name}/rrsets", "get", 200>;
export type CreateRrsetRequestWire = RequestBody<"/zones/{id_or_name}/rrsets", "post">;
export type CreateRrsetResponseWire = Ok<"/zones/{id_or_name}/rrsets", "post", 201>;
export type UpdateRrsetRequestWire = RequestBody<"/zones/{id_or_name}/rrsets/{rr_name}/{rr_type}", "put">;
export type SetRrsetRecordsRequestWire = RequestBody<"/zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/set_records", "post">;
export type AddRrsetRecordsRequestWire = RequestBody<"/zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/add_records", "post">;
export type RemoveRrsetRecordsRequestWire = RequestBody<"/zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/remove_records", "post">;
export type UpdateRrsetRecordsRequestWire = RequestBody<"/zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/update_records", "post">;
export type ChangeRrsetTtlRequestWire = RequestBody<"/zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/change_ttl", "post">;
export type ChangeRrsetProtectionRequestWire = RequestBody<"/zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/change_protection", "post">;

export type DatacenterWire = Ok<"/datacenters/{id}", "get", 200>["datacenter"];
export type DatacenterListWire = Ok<"/datacenters", "get", 200>;

export type ImageWire = NonNullable<Ok<"/images/{id}", "get", 200>["image"]>;
export type UpdateImageRequestWire = RequestBody<"/images/{id}", "put">;
export type ChangeImageProtectionRequestWire = RequestBody<"/images/{id}/actions/change_protection", "post">;
export type ChangeImageProtectionResponseWire = Ok<"/images/{id}/actions/change_protection", "post", 201>;

export type IsoWire = Ok<"/isos/{id}", "get", 200>["iso"];

export type LoadBalancerWire = Ok<"/load_balancers/{id}", "get", 200>["load_balancer"];
