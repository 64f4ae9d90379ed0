export * from "./dns-record";
