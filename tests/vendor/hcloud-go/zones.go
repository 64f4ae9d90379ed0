package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/hetznercloud/hcloud-go/v2/hcloud"
	"github.com/hetznercloud/hcloud-go/v2/hcloud/exp/zoneutil"
)

// protectedRRSet is the error string the hcloud CLI's e2e test expects from the API (test/e2e/zone_test.go).
var protectedRRSet = regexp.MustCompile(`^RRSet\(s\) is/are change protected \(protected, [0-9a-f]+\)$`)

// waitAction waits on one Action the client's own way (GET /actions?id=…) and checks it succeeded.
func waitAction(ctx context.Context, c *hcloud.Client, a *hcloud.Action, err error, what string) {
	must(err, what)
	if a == nil {
		fmt.Println("FAIL", what, "returned no action")
		os.Exit(1)
	}
	must(c.Action.WaitFor(ctx, a), "wait "+what)
}

// values lists the record values of an RRSet, sorted.
func values(r *hcloud.ZoneRRSet) []string {
	out := []string{}
	for _, rec := range r.Records {
		out = append(out, rec.Value)
	}
	slices.Sort(out)
	return out
}

// comments maps each record value of an RRSet to its comment.
func comments(r *hcloud.ZoneRRSet) map[string]string {
	out := map[string]string{}
	for _, rec := range r.Records {
		out[rec.Value] = rec.Comment
	}
	return out
}

func getRRSet(ctx context.Context, c *hcloud.Client, zone *hcloud.Zone, name string, typ hcloud.ZoneRRSetType) *hcloud.ZoneRRSet {
	r, _, err := c.Zone.GetRRSetByNameAndType(ctx, zone, name, typ)
	must(err, "rrset get "+name+"/"+string(typ))
	if r == nil {
		fmt.Println("FAIL rrset get", name+"/"+string(typ), "not found")
		os.Exit(1)
	}
	return r
}

func getZone(ctx context.Context, c *hcloud.Client, idOrName string) *hcloud.Zone {
	z, _, err := c.Zone.Get(ctx, idOrName)
	must(err, "zone get "+idOrName)
	if z == nil {
		fmt.Println("FAIL zone get", idOrName, "not found")
		os.Exit(1)
	}
	return z
}

// cloudDNS drives every Cloud DNS operation hcloud-go has (zones, zone actions, RRSets, RRSet actions)
// and checks what it decodes. It returns how many zones it listed at most and how many RRSets its main zone
// held before the zone file import.
func cloudDNS(ctx context.Context, c *hcloud.Client) (int, int) {
	// A primary zone with RRSets given on create (a TTL of its own, labels, comments).
	created, _, err := c.Zone.Create(ctx, hcloud.ZoneCreateOpts{
		Name: "hcloud-go.com", Mode: hcloud.ZoneModePrimary, TTL: hcloud.Ptr(7200), Labels: map[string]string{"env": "test", "by": "hcloud-go"},
		RRSets: []hcloud.ZoneCreateOptsRRSet{
			{Name: "@", Type: hcloud.ZoneRRSetTypeA, Records: []hcloud.ZoneRRSetRecord{{Value: "203.0.113.10", Comment: "web"}}},
			{Name: "www", Type: hcloud.ZoneRRSetTypeCNAME, TTL: hcloud.Ptr(300), Records: []hcloud.ZoneRRSetRecord{{Value: "hcloud-go.com."}}},
			{Name: "@", Type: hcloud.ZoneRRSetTypeMX, Labels: map[string]string{"kind": "mail"}, Records: []hcloud.ZoneRRSetRecord{{Value: "10 mx1.hcloud-go.com."}, {Value: "20 mx2.hcloud-go.com."}}},
			{Name: "@", Type: hcloud.ZoneRRSetTypeTXT, Records: []hcloud.ZoneRRSetRecord{{Value: "\"v=spf1 mx -all\""}}},
		},
	})
	waitAction(ctx, c, created.Action, err, "zone create")
	expect("created zone", []any{created.Zone.Name, created.Zone.Mode, created.Zone.TTL, created.Zone.Labels}, []any{"hcloud-go.com", hcloud.ZoneModePrimary, 7200, map[string]string{"env": "test", "by": "hcloud-go"}})

	// A second primary zone from a zone file, written as the hcloud CLI's own example is (tabs, the class
	// before the TTL, Hetzner's SOA and NS, a comment).
	fromFile, _, err := c.Zone.Create(ctx, hcloud.ZoneCreateOpts{
		Name: "hcloud-go-file.de", Mode: hcloud.ZoneModePrimary, Labels: map[string]string{"env": "test"},
		Zonefile: "$ORIGIN\thcloud-go-file.de.\n$TTL\t1800\n\n" +
			"@\tIN\tSOA\thydrogen.ns.hetzner.com. dns.hetzner.com. 2024010100 86400 10800 3600000 3600\n\n" +
			"@\tIN\t10800\tNS\thydrogen.ns.hetzner.com. ; Some comment.\n@\tIN\t10800\tNS\toxygen.ns.hetzner.com.\n@\tIN\t10800\tNS\thelium.ns.hetzner.de.\n" +
			"@ IN A 198.51.100.7\nmail 600 IN A 198.51.100.8\n_dmarc IN TXT \"v=DMARC1; p=reject\"\n",
	})
	waitAction(ctx, c, fromFile.Action, err, "zone create from zonefile")

	// Get by id and by name decode the same zone.
	byID, _, err := c.Zone.GetByID(ctx, created.Zone.ID)
	must(err, "zone get by id")
	byName, _, err := c.Zone.GetByName(ctx, "hcloud-go.com")
	must(err, "zone get by name")
	if byID == nil || byName == nil {
		fmt.Println("FAIL zone get: not found")
		os.Exit(1)
	}
	expect("zone by id = by name", byID, byName)
	expect("zone fields", []any{byID.Status, byID.Registrar != "", len(byID.AuthoritativeNameservers.Assigned), byID.Created.IsZero(), byID.Protection.Delete, byID.RecordCount > 4},
		[]any{hcloud.ZoneStatusOk, true, 3, false, false, true})
	missing, _, err := c.Zone.GetByName(ctx, "absent-hcloud-go.com")
	must(err, "zone get absent")
	expect("absent zone", missing == nil, true)

	// All, AllWithOpts with a label selector, by name, by mode.
	all, err := c.Zone.All(ctx)
	must(err, "zone all")
	expect("zones", len(all), 2)
	selected, err := c.Zone.AllWithOpts(ctx, hcloud.ZoneListOpts{ListOpts: hcloud.ListOpts{LabelSelector: "by=hcloud-go"}})
	must(err, "zone all by label")
	expect("zones by label", len(selected) == 1 && selected[0].ID == created.Zone.ID, true)
	named, err := c.Zone.AllWithOpts(ctx, hcloud.ZoneListOpts{Name: "hcloud-go-file.de", Mode: hcloud.ZoneModePrimary, Sort: []string{"id:desc"}})
	must(err, "zone all by name")
	expect("zones by name", len(named) == 1 && named[0].ID == fromFile.Zone.ID, true)
	paged, resp, err := c.Zone.List(ctx, hcloud.ZoneListOpts{ListOpts: hcloud.ListOpts{Page: 1, PerPage: 1}, Sort: []string{"name:asc"}})
	must(err, "zone list page")
	expect("zone list page", []any{len(paged), resp.Meta.Pagination.TotalEntries, paged[0].Name}, []any{1, 2, "hcloud-go-file.de"})

	// Update labels, change TTL, change protection on and off.
	zone, _, err := c.Zone.Update(ctx, created.Zone, hcloud.ZoneUpdateOpts{Labels: map[string]string{"env": "prod", "by": "hcloud-go"}})
	must(err, "zone update")
	expect("updated labels", zone.Labels, map[string]string{"env": "prod", "by": "hcloud-go"})
	a, _, err := c.Zone.ChangeTTL(ctx, zone, hcloud.ZoneChangeTTLOpts{TTL: 600})
	waitAction(ctx, c, a, err, "zone change ttl")
	a, _, err = c.Zone.ChangeProtection(ctx, zone, hcloud.ZoneChangeProtectionOpts{Delete: hcloud.Ptr(true)})
	waitAction(ctx, c, a, err, "zone protect")
	zone = getZone(ctx, c, "hcloud-go.com")
	expect("ttl and protection", []any{zone.TTL, zone.Protection.Delete}, []any{600, true})
	_, _, err = c.Zone.Delete(ctx, zone)
	expect("protected delete refused", hcloud.IsError(err, hcloud.ErrorCodeProtected), true)
	a, _, err = c.Zone.ChangeProtection(ctx, zone, hcloud.ZoneChangeProtectionOpts{Delete: hcloud.Ptr(false)})
	waitAction(ctx, c, a, err, "zone unprotect")

	// The zone's own actions, through the resource action client.
	zoneActions, err := c.Zone.Action.AllFor(ctx, zone, hcloud.ActionListOpts{Sort: []string{"id"}})
	must(err, "zone actions")
	commands := []string{}
	for _, act := range zoneActions {
		commands = append(commands, act.Command)
	}
	expect("zone action commands", commands, []string{"create_zone", "change_ttl", "change_protection", "change_protection"})
	one, _, err := c.Zone.Action.GetByID(ctx, a.ID)
	must(err, "zone action get")
	expect("zone action", []any{one.ID, one.Status, one.Resources[0].Type, one.Resources[0].ID}, []any{a.ID, hcloud.ActionStatusSuccess, hcloud.ActionResourceType("zone"), zone.ID})

	// RRSets given on create, read back with their TTLs, labels and comments.
	apexA := getRRSet(ctx, c, zone, "@", hcloud.ZoneRRSetTypeA)
	expect("apex A", []any{apexA.ID, apexA.TTL, apexA.Records, apexA.Zone.ID}, []any{"@/A", (*int)(nil), []hcloud.ZoneRRSetRecord{{Value: "203.0.113.10", Comment: "web"}}, zone.ID})
	www, _, err := c.Zone.GetRRSetByID(ctx, zone, "www/CNAME")
	must(err, "rrset get by id")
	expect("www", []any{*www.TTL, values(www)}, []any{300, []string{"hcloud-go.com."}})
	mx := getRRSet(ctx, c, zone, "@", hcloud.ZoneRRSetTypeMX)
	expect("mx labels", mx.Labels, map[string]string{"kind": "mail"})

	// Create, list, update an RRSet.
	rc, _, err := c.Zone.CreateRRSet(ctx, zone, hcloud.ZoneRRSetCreateOpts{Name: "api", Type: hcloud.ZoneRRSetTypeAAAA, TTL: hcloud.Ptr(120), Labels: map[string]string{"svc": "api"},
		Records: []hcloud.ZoneRRSetRecord{{Value: "2001:db8::1", Comment: "first"}}})
	waitAction(ctx, c, rc.Action, err, "rrset create")
	expect("created rrset", []any{rc.RRSet.ID, rc.RRSet.Name, rc.RRSet.Type, *rc.RRSet.TTL, rc.RRSet.Labels}, []any{"api/AAAA", "api", hcloud.ZoneRRSetTypeAAAA, 120, map[string]string{"svc": "api"}})
	api := rc.RRSet
	api, _, err = c.Zone.UpdateRRSet(ctx, api, hcloud.ZoneRRSetUpdateOpts{Labels: map[string]string{"svc": "api", "tier": "edge"}})
	must(err, "rrset update")
	expect("rrset labels", api.Labels, map[string]string{"svc": "api", "tier": "edge"})
	api.Zone = zone
	byLabel, err := c.Zone.AllRRSetsWithOpts(ctx, zone, hcloud.ZoneRRSetListOpts{ListOpts: hcloud.ListOpts{LabelSelector: "tier=edge"}})
	must(err, "rrsets by label")
	expect("rrsets by label", len(byLabel) == 1 && byLabel[0].ID == "api/AAAA", true)
	apexSets, err := c.Zone.AllRRSetsWithOpts(ctx, zone, hcloud.ZoneRRSetListOpts{Name: "@", Type: []hcloud.ZoneRRSetType{hcloud.ZoneRRSetTypeA, hcloud.ZoneRRSetTypeMX}, Sort: []string{"name:asc"}})
	must(err, "rrsets by name and type")
	expect("rrsets by name and type", len(apexSets), 2)

	// Record actions: add, remove, set, update comments; TTL and protection.
	a, _, err = c.Zone.AddRRSetRecords(ctx, api, hcloud.ZoneRRSetAddRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: "2001:db8::2"}, {Value: "2001:db8::3", Comment: "third"}}, TTL: hcloud.Ptr(120)})
	waitAction(ctx, c, a, err, "rrset add records")
	a, _, err = c.Zone.RemoveRRSetRecords(ctx, api, hcloud.ZoneRRSetRemoveRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: "2001:db8::1"}}})
	waitAction(ctx, c, a, err, "rrset remove records")
	expect("after add and remove", values(getRRSet(ctx, c, zone, "api", hcloud.ZoneRRSetTypeAAAA)), []string{"2001:db8::2", "2001:db8::3"})
	a, _, err = c.Zone.UpdateRRSetRecords(ctx, api, hcloud.ZoneRRSetUpdateRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: "2001:db8::2", Comment: "second"}, {Value: "2001:db8::3"}}})
	waitAction(ctx, c, a, err, "rrset update records")
	expect("comments", comments(getRRSet(ctx, c, zone, "api", hcloud.ZoneRRSetTypeAAAA)), map[string]string{"2001:db8::2": "second", "2001:db8::3": ""})
	a, _, err = c.Zone.SetRRSetRecords(ctx, api, hcloud.ZoneRRSetSetRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: "2001:db8::10", Comment: "set"}}})
	waitAction(ctx, c, a, err, "rrset set records")
	a, _, err = c.Zone.ChangeRRSetTTL(ctx, api, hcloud.ZoneRRSetChangeTTLOpts{TTL: hcloud.Ptr(900)})
	waitAction(ctx, c, a, err, "rrset change ttl")
	api = getRRSet(ctx, c, zone, "api", hcloud.ZoneRRSetTypeAAAA)
	expect("after set and ttl", []any{api.Records, *api.TTL}, []any{[]hcloud.ZoneRRSetRecord{{Value: "2001:db8::10", Comment: "set"}}, 900})
	a, _, err = c.Zone.ChangeRRSetTTL(ctx, api, hcloud.ZoneRRSetChangeTTLOpts{TTL: nil})
	waitAction(ctx, c, a, err, "rrset reset ttl")
	expect("ttl back to the zone's", getRRSet(ctx, c, zone, "api", hcloud.ZoneRRSetTypeAAAA).TTL, (*int)(nil))
	// The CLI's way with TXT: plain text quoted and cut into 255-byte strings (a 2048-bit DKIM key), a
	// wildcard name in the path; add_records creates an RRSet that does not exist yet.
	dkim := "v=DKIM1; k=rsa; p=" + strings.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 9) + "IDAQAB"
	a, _, err = c.Zone.AddRRSetRecords(ctx, &hcloud.ZoneRRSet{Zone: zone, Name: "sel._domainkey", Type: hcloud.ZoneRRSetTypeTXT}, hcloud.ZoneRRSetAddRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: zoneutil.FormatTXTRecord(dkim)}}})
	waitAction(ctx, c, a, err, "rrset add a long TXT record")
	expect("long TXT round trip", zoneutil.ParseTXTRecord(getRRSet(ctx, c, zone, "sel._domainkey", hcloud.ZoneRRSetTypeTXT).Records[0].Value), dkim)
	a, _, err = c.Zone.AddRRSetRecords(ctx, &hcloud.ZoneRRSet{Zone: zone, Name: "*", Type: hcloud.ZoneRRSetTypeA}, hcloud.ZoneRRSetAddRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: "203.0.113.20"}}, TTL: hcloud.Ptr(300)})
	waitAction(ctx, c, a, err, "rrset add records to a wildcard")
	wildcard := getRRSet(ctx, c, zone, "*", hcloud.ZoneRRSetTypeA)
	expect("wildcard", []any{wildcard.ID, *wildcard.TTL, values(wildcard)}, []any{"*/A", 300, []string{"203.0.113.20"}})
	// add_records creates an RRSet that does not exist yet.
	a, _, err = c.Zone.AddRRSetRecords(ctx, &hcloud.ZoneRRSet{Zone: zone, Name: "_sip._tcp", Type: hcloud.ZoneRRSetTypeSRV}, hcloud.ZoneRRSetAddRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: "10 60 5060 sip.hcloud-go.com."}}})
	waitAction(ctx, c, a, err, "rrset add records to a new rrset")
	a, _, err = c.Zone.ChangeRRSetProtection(ctx, api, hcloud.ZoneRRSetChangeProtectionOpts{Change: hcloud.Ptr(true)})
	waitAction(ctx, c, a, err, "rrset protect")
	expect("rrset protected", getRRSet(ctx, c, zone, "api", hcloud.ZoneRRSetTypeAAAA).Protection.Change, true)
	_, _, err = c.Zone.SetRRSetRecords(ctx, api, hcloud.ZoneRRSetSetRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: "2001:db8::11"}}})
	expect("protected rrset refuses a change", hcloud.IsError(err, hcloud.ErrorCodeProtected), true)
	// What the hcloud CLI prints, as its e2e test against the API expects it (message, code, correlation id).
	_, _, err = c.Zone.DeleteRRSet(ctx, api)
	if err == nil || !protectedRRSet.MatchString(err.Error()) {
		fmt.Printf("FAIL protected rrset delete: got %v, want %s\n", err, protectedRRSet)
		os.Exit(1)
	}
	a, _, err = c.Zone.ChangeRRSetProtection(ctx, api, hcloud.ZoneRRSetChangeProtectionOpts{Change: hcloud.Ptr(false)})
	waitAction(ctx, c, a, err, "rrset unprotect")
	del, _, err := c.Zone.DeleteRRSet(ctx, api)
	waitAction(ctx, c, del.Action, err, "rrset delete")
	gone, _, err := c.Zone.GetRRSetByNameAndType(ctx, zone, "api", hcloud.ZoneRRSetTypeAAAA)
	must(err, "rrset get deleted")
	expect("deleted rrset", gone == nil, true)
	rrsets, err := c.Zone.AllRRSets(ctx, zone)
	must(err, "rrsets all")
	// SOA, NS, A, CNAME, MX, TXT, SRV, the DKIM TXT and the wildcard A.
	expect("rrsets", len(rrsets), 9)

	// Export, then import the file back with one record more.
	exported, _, err := c.Zone.ExportZonefile(ctx, zone)
	must(err, "zonefile export")
	// The hcloud CLI's e2e test against the API looks for "$ORIGIN\t<zone>.\n".
	for _, want := range []string{"$ORIGIN\thcloud-go.com.\n", "203.0.113.10", "mx1.hcloud-go.com.", "\"v=spf1 mx -all\"", "sip.hcloud-go.com.", "SOA"} {
		expect("exported zone file holds "+want, strings.Contains(exported.Zonefile, want), true)
	}
	a, _, err = c.Zone.ImportZonefile(ctx, zone, hcloud.ZoneImportZonefileOpts{Zonefile: exported.Zonefile + "extra 300 IN A 203.0.113.99\n"})
	waitAction(ctx, c, a, err, "zonefile import")
	expect("imported record", values(getRRSet(ctx, c, zone, "extra", hcloud.ZoneRRSetTypeA)), []string{"203.0.113.99"})
	expect("import kept the rest", values(getRRSet(ctx, c, zone, "@", hcloud.ZoneRRSetTypeMX)), []string{"10 mx1.hcloud-go.com.", "20 mx2.hcloud-go.com."})
	fileRRSets, err := c.Zone.AllRRSets(ctx, fromFile.Zone)
	must(err, "rrsets of the zone from a file")
	dmarc := getRRSet(ctx, c, fromFile.Zone, "_dmarc", hcloud.ZoneRRSetTypeTXT)
	expect("zone from a file", []any{len(fileRRSets), values(dmarc), getZone(ctx, c, "hcloud-go-file.de").TTL, *getRRSet(ctx, c, fromFile.Zone, "@", hcloud.ZoneRRSetTypeNS).TTL},
		[]any{5, []string{"\"v=DMARC1; p=reject\""}, 1800, 10800})
	// Removing the last label (hcloud zone remove-label) sends an empty map.
	cleared, _, err := c.Zone.Update(ctx, fromFile.Zone, hcloud.ZoneUpdateOpts{Labels: map[string]string{}})
	must(err, "zone labels cleared")
	expect("cleared labels", cleared.Labels, map[string]string{})

	// A secondary zone: its primary nameservers change; RRSet routes refuse it.
	secondary, _, err := c.Zone.Create(ctx, hcloud.ZoneCreateOpts{Name: "hcloud-go-secondary.net", Mode: hcloud.ZoneModeSecondary,
		PrimaryNameservers: []hcloud.ZoneCreateOptsPrimaryNameserver{{Address: "198.51.100.53"}}})
	waitAction(ctx, c, secondary.Action, err, "secondary zone create")
	expect("secondary primaries", secondary.Zone.PrimaryNameservers, []hcloud.ZonePrimaryNameserver{{Address: "198.51.100.53", Port: 53}})
	a, _, err = c.Zone.ChangePrimaryNameservers(ctx, secondary.Zone, hcloud.ZoneChangePrimaryNameserversOpts{PrimaryNameservers: []hcloud.ZoneChangePrimaryNameserversOptsPrimaryNameserver{
		{Address: "2001:db8:53::1", Port: 5353, TSIGAlgorithm: hcloud.ZoneTSIGAlgorithmHMACSHA256, TSIGKey: "c2VjcmV0LWtleQ=="}, {Address: "198.51.100.54"}}})
	waitAction(ctx, c, a, err, "change primary nameservers")
	expect("changed primaries", getZone(ctx, c, "hcloud-go-secondary.net").PrimaryNameservers, []hcloud.ZonePrimaryNameserver{
		{Address: "2001:db8:53::1", Port: 5353, TSIGAlgorithm: hcloud.ZoneTSIGAlgorithmHMACSHA256, TSIGKey: "c2VjcmV0LWtleQ=="}, {Address: "198.51.100.54", Port: 53}})
	_, err = c.Zone.AllRRSets(ctx, secondary.Zone)
	expect("secondary zone has no rrsets", hcloud.IsError(err, hcloud.ErrorCode("incorrect_zone_mode")), true)

	withSecondary, err := c.Zone.All(ctx)
	must(err, "zone all with the secondary")

	// Delete everything, by id and by name.
	for _, z := range []*hcloud.Zone{{ID: created.Zone.ID}, {Name: "hcloud-go-file.de"}, secondary.Zone} {
		res, _, err := c.Zone.Delete(ctx, z)
		waitAction(ctx, c, res.Action, err, "zone delete")
	}
	left, err := c.Zone.All(ctx)
	must(err, "zone all after delete")
	expect("zones left", len(left), 0)
	return len(withSecondary), len(rrsets)
}
