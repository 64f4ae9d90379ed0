/** DANE: the legacy Hetzner DNS API's name for a TLSA record; the module reads it as TLSA, Hetzner Cloud does not take it. */
import { canonicalValue, RECORD_TYPES, recordType } from "../../../provider/dns";

test("a DANE value is validated and spelt as a TLSA value", () => {
  expect(canonicalValue("DANE", "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6", "example.com")).toBe(
    "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6",
  );
  expect(canonicalValue("DANE", "3 1 0 30 82 01 0A", "example.com")).toBe("3 1 0 3082010a");
  expect(() => canonicalValue("DANE", "3 1 1 0C72", "example.com")).toThrow('DANE value "3 1 1 0C72": the data of type 1 has 64 hex digits, not 4');
  expect(() => canonicalValue("DANE", "3 1", "example.com")).toThrow('DANE value "3 1" must be "<usage> <selector> <matching type> <hex data>"');
});

test("DANE is a type of the legacy Hetzner DNS API only: Hetzner Cloud's list refuses it", () => {
  expect(RECORD_TYPES).not.toContain("DANE");
  expect(recordType("DANE", ["A", "DANE"])).toBe("DANE");
  expect(() => recordType("DANE", RECORD_TYPES)).toThrow('record type "DANE" is not one of');
});
