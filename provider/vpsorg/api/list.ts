/** Every item of a VPS.org list endpoint, whichever list form it answers in (see ListWire). */
import { HttpClient, Query } from "../../core/http";
import { ListWire } from "../wire";

export async function listAll<T>(http: HttpClient, path: string, query: Query = {}): Promise<T[]> {
  const items: T[] = [];
  for (let pageQuery: Query | undefined = query; pageQuery; ) {
    const { data }: { data: ListWire<T> } = await http.get(path, pageQuery);
    if (Array.isArray(data)) return [...items, ...data];
    items.push(...(data.results ?? []));
    // Only the next page's query is taken from `next`: the token goes to the configured endpoint alone.
    pageQuery = data.next ? Object.fromEntries(new URL(data.next, "http://next.invalid").searchParams) : undefined;
  }
  return items;
}
