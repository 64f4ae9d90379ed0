export * from "./firewall";
export * from "./firewall-attachment";
export * from "./floating-ip";
export * from "./floating-ip-assignment";
export * from "./lookups";
export * from "./managed-certificate";
export * from "./uploaded-certificate";
export * from "./zone-records";
