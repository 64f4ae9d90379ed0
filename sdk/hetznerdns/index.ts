export * from "./zone";
export * from "./record";
export * from "./primary-server";
export * from "./zone-records";
export * from "./lookups";
