export * from "./dns-record";
export * from "./dns-records";
export * from "./lookups";
