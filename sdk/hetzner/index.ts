export * from "./storage-box";
export * from "./lookups";
