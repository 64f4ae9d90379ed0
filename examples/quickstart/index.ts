import * as pulumi from "@pulumi/pulumi";
import { hcloud } from "pulumi-dns-cloud";

const config = new pulumi.Config();
const serverId = config.getNumber("serverId") ?? 42;

// SSH from the office only, HTTPS and ping from anywhere; applied to one server and to every
// server labelled role=web.
const web = new hcloud.Firewall("web", {
  labels: { app: "quickstart", env: "demo" },
  rules: [
    { direction: "in", protocol: "tcp", port: "22", sourceIps: ["203.0.113.7"], description: "SSH from the office" },
    { direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0", "::/0"], description: "HTTPS" },
    { direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"] },
  ],
  applyTo: { serverIds: [serverId], labelSelectors: ["role=web"] },
});

export const firewallId = web.firewallId;
export const firewallName = web.name;
export const appliedTo = web.appliedTo;
export const rules = web.rules;
