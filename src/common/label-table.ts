/** The keys of a label table, in the table's order: the values a field may take. */
export function valuesOf<K extends string>(labels: Readonly<Record<K, string>>): readonly K[] {
  return Object.keys(labels) as K[];
}
