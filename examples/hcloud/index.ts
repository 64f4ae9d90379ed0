import * as pulumi from "@pulumi/pulumi";
import { hcloud } from "pulumi-dns-cloud";

const config = new pulumi.Config();

export = async () => {
  // Lookups run in the program: find the servers to work with by name and label.
  const web = await hcloud.getServer("web-1");
  const dbServers = await hcloud.getServers({ labelSelector: "role=db" });
  const home = await hcloud.getLocation(web.location ?? "fsn1");

  // A firewall whose attachments belong to a separate resource (split ownership).
  const firewall = new hcloud.Firewall("edge", {
    labels: { app: "example" },
    rules: [
      { direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0", "::/0"] },
      { direction: "in", protocol: "tcp", port: "5432", sourceIps: ["10.0.0.0/8"] },
    ],
  });
  new hcloud.FirewallAttachment("edge-attachment", {
    firewallId: firewall.firewallId,
    serverIds: [web.id],
    labelSelectors: ["role=db"],
  });

  // A floating IP in the web server's location, kept on it by its own assignment resource.
  const ip = new hcloud.FloatingIp("public", {
    type: "ipv4",
    homeLocation: home.name,
    description: "public entry point",
    dnsPtr: [{ dnsPtr: "www.example.com" }],
  });
  const assignment = new hcloud.FloatingIpAssignment("public-on-web", { floatingIpId: ip.floatingIpId, serverId: web.id });

  // Certificates: one uploaded (its key stays a secret everywhere), one managed by Hetzner.
  const uploaded = new hcloud.UploadedCertificate("uploaded", {
    certificate: config.require("certificate"),
    privateKey: config.requireSecret("privateKey"),
  });
  const managed = new hcloud.ManagedCertificate("managed", { domainNames: ["example.com", "*.example.com"] });

  return {
    firewallId: firewall.firewallId,
    floatingIp: ip.ip,
    floatingIpServer: assignment.serverId,
    uploadedFingerprint: uploaded.fingerprint,
    managedStatus: managed.status,
    dbServers: dbServers.map((s) => s.name),
  };
};
