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
	zonesSeen, rrsetsSeen := cloudDNS(ctx, c)
	locs, err := c.Location.All(ctx)
	must(err, "locations")
	certs, err := c.Certificate.All(ctx)
	must(err, "certs")
	fmt.Println("OK locations", len(locs), "certs", len(certs), "zones", zonesSeen, "rrsets", rrsetsSeen)
}
