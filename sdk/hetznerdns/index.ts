export * from "./zone";
export * from "./record";
export * from "./primary-server";
export * from "./lookups";
