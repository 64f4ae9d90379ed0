export * from "./dns-zone";
export * from "./dns-record";
export * from "./lookups";
export * from "./zone-records";
