/** The promise every kind's `read` makes (issue #12): its inputs are the program that declares the live object. */
import type { Props, ResourceImplementation } from "../../provider/core/resource";

/**
 * `read`'s inputs, given to `check` (as the program's, with themselves as the old inputs, as after a refresh),
 * pass unchanged, and `diff` against `read`'s outputs finds nothing: a refresh records inputs the next `up`
 * accepts and compares property by property, and a program generated from them writes nothing.
 */
export async function expectReadInputsAccepted(kind: ResourceImplementation, read: { id?: string; props?: Props; inputs?: Props }): Promise<void> {
  expect(read.id).toBeTruthy();
  const inputs = read.inputs!;
  const checked = await kind.check(inputs, inputs);
  expect(checked.failures ?? []).toEqual([]);
  expect(checked.inputs).toEqual(inputs);
  expect(await kind.diff(read.id!, read.props!, checked.inputs!)).toMatchObject({ changes: false });
}
