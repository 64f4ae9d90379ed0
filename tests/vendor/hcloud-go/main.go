// The official Go client (hcloud-go, the core of the hcloud CLI) against the emulator: what Hetzner's own
// tooling sends must work there as it does against the real API (Cloud DNS included). Run by tests/e2e/vendor-clients.test.ts
// as: go run . <endpoint> <token>. It prints OK on success, FAIL <step> <error> otherwise.
package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"reflect"

	"github.com/hetznercloud/hcloud-go/v2/hcloud"
)

func must(err error, what string) {
	if err != nil {
		fmt.Println("FAIL", what, err)
		os.Exit(1)
	}
}

// expect fails the run when what the client decoded is not what was asked for.
func expect[T any](what string, got, want T) {
	if !reflect.DeepEqual(got, want) {
		fmt.Printf("FAIL %s: got %#v, want %#v\n", what, got, want)
		os.Exit(1)
	}
}

func main() {
	ctx := context.Background()
	c := hcloud.NewClient(hcloud.WithToken(os.Args[2]), hcloud.WithEndpoint(os.Args[1]), hcloud.WithPollOpts(hcloud.PollOpts{BackoffFunc: hcloud.ConstantBackoff(100_000_000)}))
	srv, _, err := c.Server.GetByID(ctx, 42)
	must(err, "server get")
	res, _, err := c.Firewall.Create(ctx, hcloud.FirewallCreateOpts{Name: "go-fw", Labels: map[string]string{"a": "b"},
		Rules:   []hcloud.FirewallRule{{Direction: hcloud.FirewallRuleDirectionIn, Protocol: hcloud.FirewallRuleProtocolTCP, Port: hcloud.Ptr("22"), SourceIPs: []net.IPNet{{IP: net.IPv4zero, Mask: net.CIDRMask(0, 32)}}}},
		ApplyTo: []hcloud.FirewallResource{{Type: hcloud.FirewallResourceTypeServer, Server: &hcloud.FirewallResourceServer{ID: srv.ID}}}})
	must(err, "firewall create")
	must(c.Action.WaitFor(ctx, res.Actions...), "wait create")
	fws, err := c.Firewall.All(ctx)
	must(err, "firewall all")
	fmt.Println("firewalls", len(fws))
	acts, _, err := c.Firewall.RemoveResources(ctx, res.Firewall, []hcloud.FirewallResource{{Type: hcloud.FirewallResourceTypeServer, Server: &hcloud.FirewallResourceServer{ID: srv.ID}}})
	must(err, "remove")
	must(c.Action.WaitFor(ctx, acts...), "wait remove")
	_, err = c.Firewall.Delete(ctx, res.Firewall)
	must(err, "firewall delete")
	fip, _, err := c.FloatingIP.Create(ctx, hcloud.FloatingIPCreateOpts{Type: hcloud.FloatingIPTypeIPv4, Name: hcloud.Ptr("go-ip"), Server: srv})
	must(err, "fip create")
	if fip.Action != nil {
		must(c.Action.WaitFor(ctx, fip.Action), "wait fip")
	}
	a, _, err := c.FloatingIP.Unassign(ctx, fip.FloatingIP)
	must(err, "unassign")
	must(c.Action.WaitFor(ctx, a), "wait unassign")
	a, _, err = c.FloatingIP.ChangeDNSPtr(ctx, fip.FloatingIP, fip.FloatingIP.IP.String(), hcloud.Ptr("x.example.com"))
	must(err, "ptr")
	must(c.Action.WaitFor(ctx, a), "wait ptr")
	_, err = c.FloatingIP.Delete(ctx, fip.FloatingIP)
	must(err, "fip delete")
	cloudDNS(ctx, c)
	locs, err := c.Location.All(ctx)
	must(err, "locations")
	certs, err := c.Certificate.All(ctx)
	must(err, "certs")
	zonesSeen, rrsetsSeen := zones(ctx, c)
	fmt.Println("OK locations", len(locs), "certs", len(certs), "zones", zonesSeen, "rrsets", rrsetsSeen)
}

func wait(ctx context.Context, c *hcloud.Client, action *hcloud.Action, err error, what string) {
	must(err, what)
	must(c.Action.WaitFor(ctx, action), "wait "+what)
}

// zones drives Cloud DNS the way hcloud-go does it: a zone by name, RRSets by name and type (the apex as a
// raw "@" in the path), every RRSet action, a zone file export and its import, then the deletes.
func zones(ctx context.Context, c *hcloud.Client) (int, int) {
	res, _, err := c.Zone.Create(ctx, hcloud.ZoneCreateOpts{Name: "go-example.com", Mode: hcloud.ZoneModePrimary, Labels: map[string]string{"a": "b"},
		RRSets: []hcloud.ZoneCreateOptsRRSet{{Name: "www", Type: hcloud.ZoneRRSetTypeA, Records: []hcloud.ZoneRRSetRecord{{Value: "198.51.100.1", Comment: "web"}}}}})
	wait(ctx, c, res.Action, err, "zone create")
	zone, _, err := c.Zone.Get(ctx, "go-example.com")
	must(err, "zone get")
	if zone == nil || len(zone.AuthoritativeNameservers.Assigned) != 3 {
		fmt.Println("FAIL zone get", zone)
		os.Exit(1)
	}
	a, _, err := c.Zone.ChangeTTL(ctx, zone, hcloud.ZoneChangeTTLOpts{TTL: 600})
	wait(ctx, c, a, err, "zone ttl")
	dmarc, _, err := c.Zone.CreateRRSet(ctx, zone, hcloud.ZoneRRSetCreateOpts{Name: "_dmarc", Type: hcloud.ZoneRRSetTypeTXT, Records: []hcloud.ZoneRRSetRecord{{Value: `"v=DMARC1; p=none"`}}})
	wait(ctx, c, dmarc.Action, err, "rrset create")
	www, _, err := c.Zone.GetRRSetByNameAndType(ctx, zone, "www", hcloud.ZoneRRSetTypeA)
	must(err, "rrset get")
	a, _, err = c.Zone.AddRRSetRecords(ctx, www, hcloud.ZoneRRSetAddRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: "198.51.100.2"}}})
	wait(ctx, c, a, err, "add records")
	a, _, err = c.Zone.UpdateRRSetRecords(ctx, www, hcloud.ZoneRRSetUpdateRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: "198.51.100.2", Comment: "second"}}})
	wait(ctx, c, a, err, "update records")
	a, _, err = c.Zone.RemoveRRSetRecords(ctx, www, hcloud.ZoneRRSetRemoveRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: "198.51.100.1"}}})
	wait(ctx, c, a, err, "remove records")
	a, _, err = c.Zone.SetRRSetRecords(ctx, www, hcloud.ZoneRRSetSetRecordsOpts{Records: []hcloud.ZoneRRSetRecord{{Value: "198.51.100.3"}, {Value: "198.51.100.2", Comment: "second"}}})
	wait(ctx, c, a, err, "set records")
	a, _, err = c.Zone.ChangeRRSetTTL(ctx, www, hcloud.ZoneRRSetChangeTTLOpts{TTL: hcloud.Ptr(300)})
	wait(ctx, c, a, err, "rrset ttl")
	_, _, err = c.Zone.UpdateRRSet(ctx, www, hcloud.ZoneRRSetUpdateOpts{Labels: map[string]string{"c": "d"}})
	must(err, "rrset update")
	soa, _, err := c.Zone.GetRRSetByNameAndType(ctx, zone, "@", hcloud.ZoneRRSetTypeSOA)
	must(err, "apex get")
	if soa == nil {
		fmt.Println("FAIL apex get: no SOA")
		os.Exit(1)
	}
	a, _, err = c.Zone.ChangeRRSetProtection(ctx, soa, hcloud.ZoneRRSetChangeProtectionOpts{Change: hcloud.Ptr(false)})
	wait(ctx, c, a, err, "rrset protection")
	file, _, err := c.Zone.ExportZonefile(ctx, zone)
	must(err, "export")
	a, _, err = c.Zone.ImportZonefile(ctx, zone, hcloud.ZoneImportZonefileOpts{Zonefile: file.Zonefile})
	wait(ctx, c, a, err, "import")
	all, err := c.Zone.AllRRSets(ctx, zone)
	must(err, "rrsets all")
	deleted, _, err := c.Zone.DeleteRRSet(ctx, dmarc.RRSet)
	wait(ctx, c, deleted.Action, err, "rrset delete")
	a, _, err = c.Zone.ChangeProtection(ctx, zone, hcloud.ZoneChangeProtectionOpts{Delete: hcloud.Ptr(false)})
	wait(ctx, c, a, err, "zone protection")
	zs, err := c.Zone.All(ctx)
	must(err, "zones all")
	gone, _, err := c.Zone.Delete(ctx, zone)
	wait(ctx, c, gone.Action, err, "zone delete")
	return len(zs), len(all)
}
